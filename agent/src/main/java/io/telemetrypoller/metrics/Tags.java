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
    /**
     * The text of the small whole numbers, made once each when first seen: an HTTP status or a shard
     * number as a tag would otherwise cost a new string on every event. Filled racily; a String is
     * immutable, so a thread that sees a slot filled sees the whole string.
     */
    private static final String[] SMALL_NUMBERS = new String[1024];

    private Tags() {
    }

    /** The value of tag {@code key}: metadata first, then the global tags; null if neither has it. */
    public static String value(String key, Map<String, ?> metadata, Map<String, String> globalTags) {
        Object v = metadata.get(key);
        if (v != null) {
            return text(v);
        }
        return globalTags.get(key);
    }

    /** The text of a tag value that is not null (a string is its own text). */
    public static String text(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long n = ((Number) v).longValue();
            if (n >= 0 && n < SMALL_NUMBERS.length) {
                String known = SMALL_NUMBERS[(int) n];
                if (known == null) {
                    known = Long.toString(n);
                    SMALL_NUMBERS[(int) n] = known;
                }
                return known;
            }
        }
        return v.toString();
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
            if (isTag(e.getKey(), v)) {
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
            sort(keys);
        }
        return keys;
    }

    /** Insertion sort: metadata has a handful of keys, for which it beats {@code Arrays.sort}'s set-up. */
    private static void sort(String[] keys) {
        if (keys.length > 16) {
            Arrays.sort(keys);
            return;
        }
        for (int i = 1; i < keys.length; i++) {
            String k = keys[i];
            int j = i - 1;
            while (j >= 0 && keys[j].compareTo(k) > 0) {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = k;
        }
    }

    /** True when a zero-config metric takes this metadata entry as a tag (see {@link #scalarKeys}). */
    public static boolean isTag(String key, Object v) {
        return key != null && isScalar(v) && !SPAN_CONTEXT.equals(key);
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
                || v instanceof Enum;
    }
}
