package io.telemetrypoller.config;

/** Bad configuration: the message is one line naming the option (or file, line and field) at fault. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** A value as it may be shown in a message: quoted, control characters escaped, long ones cut. */
    public static String show(String value) {
        StringBuilder sb = new StringBuilder("'");
        int limit = Math.min(value.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > limit) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
