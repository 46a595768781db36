package io.telemetrypoller.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of the inline options' shape, {@code key=value,key=value} with list items joined by
 * {@code +}: it splits, it does not judge (the parser validates what the pairs say). Used before the
 * options are parsed ({@code premain}'s first reading, {@code log=}/{@code strict=} while a bad string is
 * reported), by the parser, and by the CLI when it merges or rewrites options. No regular expression.
 */
public final class InlineOptions {
    private InlineOptions() {
    }

    /**
     * The items between commas, in order, each as {@code {key, value}} trimmed; the value is null for an
     * item without {@code =} (then the key is the whole item, trimmed). Empty for a null or blank string.
     */
    public static List<String[]> pairs(String options) {
        List<String[]> out = new ArrayList<>();
        if (options == null || options.trim().isEmpty()) {
            return out;
        }
        int from = 0;
        while (true) {
            int comma = options.indexOf(',', from);
            String item = options.substring(from, comma < 0 ? options.length() : comma);
            int eq = item.indexOf('=');
            out.add(eq < 0 ? new String[] {item.trim(), null}
                    : new String[] {item.substring(0, eq).trim(), item.substring(eq + 1).trim()});
            if (comma < 0) {
                return out;
            }
            from = comma + 1;
        }
    }

    /** A list value's items (joined by {@code +}), trimmed, empty ones kept for the caller to judge. */
    public static List<String> listItems(String value) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int plus = value.indexOf('+', from);
            out.add(value.substring(from, plus < 0 ? value.length() : plus).trim());
            if (plus < 0) {
                return out;
            }
            from = plus + 1;
        }
    }

    /** The pairs written back as an options string ({@code key} alone where the value is null). */
    public static String join(List<String[]> pairs) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0 || p != pairs.get(0)) {
                sb.append(',');
            }
            sb.append(p[0]);
            if (p[1] != null) {
                sb.append('=').append(p[1]);
            }
        }
        return sb.toString();
    }

    /** The value of the last {@code key=} item, "" for a bare {@code key}, or null if none names it. */
    public static String lastValue(String options, String key) {
        String found = null;
        for (String[] p : pairs(options)) {
            if (p[0].equals(key)) {
                found = p[1] == null ? "" : p[1];
            }
        }
        return found;
    }
}
