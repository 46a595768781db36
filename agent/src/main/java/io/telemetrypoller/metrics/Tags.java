package io.telemetrypoller.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * Tag keys and values of an event, shared by the reporters. A tag's value is the metadata value as text;
 * when the metadata lacks the key, a global tag of that key supplies it ({@code tags} option).
 */
public final class Tags {
    /** Left out of the zero-config tags: unique per span, it would make a new series every time. */
    static final String SPAN_CONTEXT = "telemetry_span_context";
    private static final String[] NONE = new String[0];

    private Tags() {
    }

    /** The value of tag {@code key}: metadata first, then the global tags; null if neither has it. */
    public static String value(String key, Map<String, ?> metadata, Map<String, String> globalTags) {
        Object v = metadata.get(key);
        if (v != null) {
            return v instanceof String ? (String) v : v.toString();
        }
        return globalTags.get(key);
    }

    /** Metadata keys whose values are strings, numbers, booleans, characters or enums, sorted. */
    static String[] scalarKeys(Map<String, ?> metadata) {
        if (metadata.isEmpty()) {
            return NONE;
        }
        String[] keys = new String[metadata.size()];
        int n = 0;
        for (Map.Entry<String, ?> e : metadata.entrySet()) {
            Object v = e.getValue();
            if (e.getKey() != null && isScalar(v) && !SPAN_CONTEXT.equals(e.getKey())) {
                keys[n++] = e.getKey();
            }
        }
        if (n == 0) {
            return NONE;
        }
        if (n < keys.length) {
            keys = Arrays.copyOf(keys, n);
        }
        if (n > 1) {
            Arrays.sort(keys);
        }
        return keys;
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
                || v instanceof Enum;
    }
}
