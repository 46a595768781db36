package io.telemetrypoller.sink.prometheus;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HttpDateTest {
    @Test
    void imfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(784_111_777_000L)); // RFC 9110's example
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.format(0));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDate.format(-1));
        assertEquals("Tue, 29 Feb 2028 12:00:00 GMT", HttpDate.format(1_835_438_400_999L));
    }

    @Test
    void sameAsJavaTimeOverRandomInstants() {
        DateTimeFormatter rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long millis = (long) (random.nextDouble() * 4_102_444_800_000L); // 1970 to 2100
            String expected = rfc1123.format(Instant.ofEpochMilli(millis)); // "Sun, 6 Nov 1994 ..."
            if (expected.charAt(6) == ' ') {
                expected = expected.substring(0, 5) + "0" + expected.substring(5);
            }
            assertEquals(expected, HttpDate.format(millis), "at " + millis);
        }
    }

    @Test
    void formattedOnceASecond() {
        AtomicLong clock = new AtomicLong(784_111_777_000L);
        HttpDate date = new HttpDate(clock::get);
        String first = date.now();
        clock.set(784_111_777_999L);
        assertSame(first, date.now());
        clock.set(784_111_778_000L);
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", date.now());
    }
}
