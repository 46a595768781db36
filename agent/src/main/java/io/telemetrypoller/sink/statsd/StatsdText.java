package io.telemetrypoller.sink.statsd;

/**
 * The text rules shared by both StatsD flavours. Names, tag keys and tag values keep letters, digits,
 * {@code _ . - /}; any other character becomes {@code _} ({@code G1 Eden Space} is {@code G1_Eden_Space}),
 * so a line is plain ASCII and never holds a {@code : | @ # ,} of the protocol. Numbers are written as
 * integers when integral ({@code 49670008}), else as decimals ({@code 0.25}).
 */
final class StatsdText {
    /** The value of a tag that neither the metadata nor the global tags hold (as telemetry_metrics_statsd). */
    static final String MISSING = "nil";
    private static final double EXACT_LONG = 1e15;

    private StatsdText() {
    }

    static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '/';
    }

    /** Appends {@code text} with every unsafe character as {@code _}; null as {@link #MISSING}. */
    static void appendSafe(StringBuilder out, String text) {
        if (text == null) {
            out.append(MISSING);
            return;
        }
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            out.append(isSafe(c) ? c : '_');
        }
    }

    /** {@code text} as {@link #appendSafe} writes it. */
    static String safe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        appendSafe(sb, text);
        return sb.toString();
    }

    /** Integral values without a fraction, others as Java writes a double. Finite values only. */
    static void appendNumber(StringBuilder out, double value) {
        if (value == Math.rint(value) && Math.abs(value) < EXACT_LONG) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    /** {@code |@0.25} when the metric is sampled. */
    static void appendRate(StringBuilder out, double rate) {
        if (rate < 1.0) {
            out.append("|@").append(rate);
        }
    }
}
