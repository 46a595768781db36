package io.telemetrypoller.internal;

import java.nio.charset.StandardCharsets;

/**
 * Formats epoch milliseconds as {@code 2026-11-22T13:00:00.123Z}: always three fraction digits, UTC
 * ({@code Instant.toString()} drops zero millis and adds micros on newer JDKs). Proleptic Gregorian, as
 * ISO 8601, by integer arithmetic (Howard Hinnant's {@code civil_from_days}): no calendar, time zone or
 * locale class is loaded, which would cost the first caller (premain, through the agent's status) tens
 * of milliseconds. Stateless and thread-safe; years 0 to 9999.
 */
public final class IsoTime {
    public static final long MILLIS_PER_DAY = 86_400_000L;
    public static final int LENGTH = 24;

    private IsoTime() {
    }

    public static String format(long epochMillis) {
        byte[] b = new byte[LENGTH];
        format(epochMillis, b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** Writes the {@value #LENGTH} ASCII bytes of {@link #format(long)} into {@code out[0, 24)}. */
    public static void format(long epochMillis, byte[] out) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        formatDate(days, out);
        formatTimeOfDay((int) (epochMillis - days * MILLIS_PER_DAY), out);
    }

    /** {@code 2026-11-22T}: the first 11 bytes, of the day {@code days} after 1970-01-01. */
    public static void formatDate(long days, byte[] out) {
        long z = days + 719_468; // days since 0000-03-01
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;                                                  // [0, 146096]
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365; // [0, 399]
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);   // [0, 365], from March
        long mp = (5 * dayOfYear + 2) / 153;                                                // [0, 11], March = 0
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
    }

    /** {@code 13:00:00.123Z}: the last 13 bytes, of the millisecond {@code millisOfDay} of a day. */
    public static void formatTimeOfDay(int millisOfDay, byte[] out) {
        put(out, 11, millisOfDay / 3_600_000, 2);
        out[13] = ':';
        put(out, 14, millisOfDay / 60_000 % 60, 2);
        out[16] = ':';
        put(out, 17, millisOfDay / 1000 % 60, 2);
        out[19] = '.';
        put(out, 20, millisOfDay % 1000, 3);
        out[23] = 'Z';
    }

    private static void put(byte[] s, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            s[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
