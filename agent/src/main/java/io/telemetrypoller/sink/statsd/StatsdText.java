package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.Tags;

import java.util.Map;

/**
 * The text rules shared by both StatsD flavours. Names, tag keys and tag values keep letters, digits,
 * {@code _ . - /}; any other character becomes {@code _} ({@code G1 Eden Space} is {@code G1_Eden_Space}),
 * so a line is plain ASCII and never holds a {@code : | @ # ,} of the protocol. Numbers are written as
 * integers when integral ({@code 49670008}), else as decimals ({@code 0.25}).
 */
final class StatsdText {
    /** An explicit null tag value, as telemetry_metrics_statsd writes Elixir's nil. */
    static final String NULL = "nil";
    /** A map, collection or array as a DogStatsD tag value, as telemetry_metrics_statsd writes them. */
    static final String UNPROCESSABLE = "_unprocessable";
    private static final double EXACT_LONG = 1e15;

    private StatsdText() {
    }

    static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-' || c == '/';
    }

    /**
     * A tag's value as telemetry_metrics_statsd forms it: the metadata's value as text, {@code nil} for an
     * explicit null, the global tag of that key when the metadata lacks it, else the empty string;
     * {@code structured} (for DogStatsD) when the value is a map, a collection or an array.
     */
    static String tagValue(String key, Map<String, ?> metadata, Map<String, String> globalTags, String structured) {
        Object v = metadata.get(key);
        if (v == null) {
            if (metadata.containsKey(key)) {
                return NULL;
            }
            String global = globalTags.get(key);
            return global != null ? global : "";
        }
        if (structured != null && (v instanceof Map || v instanceof java.util.Collection || v.getClass().isArray())) {
            return structured;
        }
        return Tags.value(key, metadata, globalTags);
    }

    /** Appends {@code text} with every unsafe character as {@code _}. */
    static void appendSafe(StringBuilder out, String text) {
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
