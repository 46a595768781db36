package io.telemetrypoller.config;

/**
 * Reads one key of the inline options ({@code key=value,key=value}) without parsing or judging the
 * rest: what is needed before the options are parsed (in {@code premain}) or when they cannot be (to
 * honour {@code log=} and {@code strict=} while reporting a bad string). No regular expression.
 */
public final class InlineOptions {
    private InlineOptions() {
    }

    /** The trimmed value of the last {@code key=} item, "" for a bare {@code key}, or null if none names it. */
    public static String lastValue(String options, String key) {
        if (options == null) {
            return null;
        }
        String found = null;
        int from = 0;
        while (from <= options.length()) {
            int comma = options.indexOf(',', from);
            int end = comma < 0 ? options.length() : comma;
            int eq = options.indexOf('=', from);
            boolean hasValue = eq >= 0 && eq < end;
            if (options.substring(from, hasValue ? eq : end).trim().equals(key)) {
                found = hasValue ? options.substring(eq + 1, end).trim() : "";
            }
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return found;
    }
}
