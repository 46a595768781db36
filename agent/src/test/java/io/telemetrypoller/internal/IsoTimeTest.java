package io.telemetrypoller.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoTimeTest {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final long YEAR_0 = -62167219200000L;
    private static final long YEAR_9999_END = 253402300799999L;

    @Test
    void formatsEdgesLikeJavaTime() {
        long[] times = {0, 1, -1, 951868799999L, 951868800000L, 4102444800000L, YEAR_0, YEAR_9999_END,
                1795438800123L, 1795438800000L};
        for (long t : times) {
            assertEquals(ISO.format(Instant.ofEpochMilli(t)), IsoTime.format(t), "epoch ms " + t);
        }
    }

    @Test
    void formatsRandomInstantsOfYears0To9999LikeJavaTime() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long t = YEAR_0 + (long) (random.nextDouble() * (YEAR_9999_END - YEAR_0));
            assertEquals(ISO.format(Instant.ofEpochMilli(t)), IsoTime.format(t), "epoch ms " + t);
        }
    }
}
