package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.internal.IsoTime;

import java.util.function.LongSupplier;

/**
 * The value of the {@code Date} header that RFC 9110 asks of a server with a clock, in its only
 * generated form (IMF-fixdate): {@code Sun, 06 Nov 1994 08:49:37 GMT}. Formatted at most once a second,
 * by {@link IsoTime}'s arithmetic (no calendar or locale class). Not thread-safe: the server's thread only.
 */
final class HttpDate {
    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01: Thursday
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private final LongSupplier clock;
    private long second = Long.MIN_VALUE;
    private String text = "";

    /** {@code clock}: epoch milliseconds ({@code System::currentTimeMillis}; a fixed one in tests). */
    HttpDate(LongSupplier clock) {
        this.clock = clock;
    }

    String now() {
        long millis = clock.getAsLong();
        long s = Math.floorDiv(millis, 1000);
        if (s != second) {
            text = format(millis);
            second = s;
        }
        return text;
    }

    static String format(long epochMillis) {
        String iso = IsoTime.format(epochMillis); // 1994-11-06T08:49:37.000Z
        int day = (int) Math.floorMod(Math.floorDiv(epochMillis, 86_400_000L), 7L);
        int month = (iso.charAt(5) - '0') * 10 + iso.charAt(6) - '0';
        return DAYS[day] + ", " + iso.substring(8, 10) + ' ' + MONTHS[month - 1] + ' ' + iso.substring(0, 4) + ' '
                + iso.substring(11, 19) + " GMT";
    }
}
