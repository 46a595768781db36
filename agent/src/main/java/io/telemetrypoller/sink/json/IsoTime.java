package io.telemetrypoller.sink.json;

/**
 * Formats epoch milliseconds as {@code 2026-11-22T13:00:00.123Z}: always three fraction digits, UTC
 * ({@code Instant.toString()} drops zero millis and adds micros on newer JDKs). Proleptic Gregorian, as
 * ISO 8601, by integer arithmetic (Howard Hinnant's {@code civil_from_days}): no calendar, time zone or
 * locale class is loaded, which would cost the first caller (premain, through the agent's status) tens
 * of milliseconds. Stateless and thread-safe; years 0 to 9999.
 */
public final class IsoTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private IsoTime() {
    }

    public static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        long z = days + 719_468; // days since 0000-03-01
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;                                                  // [0, 146096]
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365; // [0, 399]
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);   // [0, 365], from March
        long mp = (5 * dayOfYear + 2) / 153;                                                // [0, 11], March = 0
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        char[] s = new char[24];
        put(s, 0, year, 4);
        s[4] = '-';
        put(s, 5, month, 2);
        s[7] = '-';
        put(s, 8, day, 2);
        s[10] = 'T';
        put(s, 11, millisOfDay / 3_600_000, 2);
        s[13] = ':';
        put(s, 14, millisOfDay / 60_000 % 60, 2);
        s[16] = ':';
        put(s, 17, millisOfDay / 1000 % 60, 2);
        s[19] = '.';
        put(s, 20, millisOfDay % 1000, 3);
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
