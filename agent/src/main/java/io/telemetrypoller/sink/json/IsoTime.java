package io.telemetrypoller.sink.json;

import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * Formats epoch milliseconds as {@code 2026-11-22T13:00:00.123Z}: always three fraction digits, UTC
 * ({@code Instant.toString()} drops zero millis and adds micros on newer JDKs). Thread-confined calendar.
 */
public final class IsoTime {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final ThreadLocal<GregorianCalendar> CALENDAR = new ThreadLocal<GregorianCalendar>() {
        @Override
        protected GregorianCalendar initialValue() {
            GregorianCalendar c = new GregorianCalendar(UTC);
            c.setGregorianChange(new java.util.Date(Long.MIN_VALUE)); // proleptic, as ISO 8601
            return c;
        }
    };

    private IsoTime() {
    }

    public static String format(long epochMillis) {
        GregorianCalendar c = CALENDAR.get();
        c.setTimeInMillis(epochMillis);
        char[] s = new char[24];
        put(s, 0, c.get(Calendar.YEAR), 4);
        s[4] = '-';
        put(s, 5, c.get(Calendar.MONTH) + 1, 2);
        s[7] = '-';
        put(s, 8, c.get(Calendar.DAY_OF_MONTH), 2);
        s[10] = 'T';
        put(s, 11, c.get(Calendar.HOUR_OF_DAY), 2);
        s[13] = ':';
        put(s, 14, c.get(Calendar.MINUTE), 2);
        s[16] = ':';
        put(s, 17, c.get(Calendar.SECOND), 2);
        s[19] = '.';
        put(s, 20, c.get(Calendar.MILLISECOND), 3);
        s[23] = 'Z';
        return new String(s);
    }

    private static void put(char[] s, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            s[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
