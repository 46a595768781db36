package io.telemetrypoller.agent;

/**
 * Decides, without parsing, whether {@code premain} must parse the options itself or may leave it to the
 * start thread. It must when what the options ask for has to be in place before the host's {@code main}
 * runs, or has to stop it: {@code workers=} and {@code executors=} (the transformer must see the first
 * worker class load), {@code strict=} (a bad option must abort the JVM) and {@code config=} (the file may
 * say any of these). Everything else (the common case) is parsed, validated and reported on the start
 * thread, a few milliseconds later, off the host's path.
 */
final class LaunchOptions {
    private static final String[] NOW = {"workers", "executors", "strict", "config"};

    private LaunchOptions() {
    }

    static boolean parseInPremain(String options) {
        if (options == null) {
            return false;
        }
        int from = 0;
        while (from <= options.length()) {
            int comma = options.indexOf(',', from);
            int end = comma < 0 ? options.length() : comma;
            int eq = options.indexOf('=', from);
            String key = (eq < 0 || eq > end ? options.substring(from, end) : options.substring(from, eq)).trim();
            for (String k : NOW) {
                if (k.equals(key)) {
                    return true;
                }
            }
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return false;
    }
}
