package io.telemetrypoller.config;

/**
 * One configured sink: {@code stdout}, {@code stderr}, {@code console}, {@code file:PATH},
 * {@code statsd://HOST:PORT}, {@code prometheus://[HOST]:PORT} (host 127.0.0.1 when empty),
 * {@code otlp://HOST:PORT[/path]} or {@code otlps://HOST:PORT[/path]} (OTLP/HTTP; path /v1/metrics when
 * absent), or a bare {@code otlp} (the endpoint from the OTEL_EXPORTER_OTLP_* environment).
 */
public final class SinkSpec {
    public enum Kind { STDOUT, STDERR, CONSOLE, FILE, STATSD, PROMETHEUS, OTLP }

    private final Kind kind;
    private final String text;
    private final String path;
    private final String host;
    private final int port;
    private String urlPath;
    private boolean tls;

    private SinkSpec(Kind kind, String text, String path, String host, int port) {
        this.kind = kind;
        this.text = text;
        this.path = path;
        this.host = host;
        this.port = port;
    }

    public Kind kind() { return kind; }

    /** The sink as configured, e.g. {@code statsd://127.0.0.1:8125}. */
    public String text() { return text; }

    /** The file of a {@code file:} sink. */
    public String path() { return path; }

    public String host() { return host; }

    public int port() { return port; }

    /** An otlp sink: the URL path ({@code /v1/metrics} unless given), or null for a bare {@code otlp}. */
    public String urlPath() { return urlPath; }

    /** An {@code otlps://} sink: HTTPS. */
    public boolean tls() { return tls; }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SinkSpec && ((SinkSpec) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Parses one sink; the message of the exception is a complete one-line error. */
    public static SinkSpec parse(String s) throws ConfigException {
        switch (s) {
            case "stdout":
                return new SinkSpec(Kind.STDOUT, s, null, null, 0);
            case "stderr":
                return new SinkSpec(Kind.STDERR, s, null, null, 0);
            case "console":
                return new SinkSpec(Kind.CONSOLE, s, null, null, 0);
            case "otlp":
                return new SinkSpec(Kind.OTLP, s, null, null, 0);
            default:
                break;
        }
        if (s.startsWith("file:")) {
            String path = s.substring("file:".length());
            if (path.isEmpty()) {
                throw invalid(s, "file: needs a path, e.g. file:/var/log/telemetry.jsonl");
            }
            return new SinkSpec(Kind.FILE, s, path, null, 0);
        }
        if (s.startsWith("statsd://")) {
            String[] hostPort = hostPort(s, "statsd://", false);
            return new SinkSpec(Kind.STATSD, s, null, hostPort[0], Integer.parseInt(hostPort[1]));
        }
        if (s.startsWith("prometheus://")) {
            String[] hostPort = hostPort(s, "prometheus://", true);
            String host = hostPort[0].isEmpty() ? "127.0.0.1" : hostPort[0];
            return new SinkSpec(Kind.PROMETHEUS, s, null, host, Integer.parseInt(hostPort[1]));
        }
        if (s.startsWith("otlp://") || s.startsWith("otlps://")) {
            return otlp(s);
        }
        throw invalid(s, "expected stdout, stderr, console, file:PATH, statsd://HOST:PORT, prometheus://HOST:PORT"
                + " or otlp://HOST:PORT");
    }

    private static SinkSpec otlp(String s) throws ConfigException {
        boolean tls = s.startsWith("otlps://");
        String scheme = tls ? "otlps://" : "otlp://";
        String rest = s.substring(scheme.length());
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "/v1/metrics" : rest.substring(slash);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 127 || c == '?' || c == '#') {
                throw invalid(s, "the path has a character a URL path cannot have here");
            }
        }
        String[] hostPort = hostPort(s, slash < 0 ? rest : rest.substring(0, slash), scheme, false);
        SinkSpec spec = new SinkSpec(Kind.OTLP, s, null, hostPort[0], Integer.parseInt(hostPort[1]));
        spec.urlPath = path;
        spec.tls = tls;
        return spec;
    }

    private static String[] hostPort(String s, String scheme, boolean hostOptional) throws ConfigException {
        String rest = s.substring(scheme.length());
        if (rest.endsWith("/metrics")) {
            rest = rest.substring(0, rest.length() - "/metrics".length());
        }
        return hostPort(s, rest, scheme, hostOptional);
    }

    /** {@code rest} is HOST:PORT; errors show the sink as given, {@code s}. */
    private static String[] hostPort(String s, String rest, String scheme, boolean hostOptional)
            throws ConfigException {
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(s, "expected " + scheme + "HOST:PORT");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]
        }
        if (host.isEmpty() && !hostOptional) {
            throw invalid(s, "expected " + scheme + "HOST:PORT with a host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '_')) {
                throw invalid(s, "the host has a character that no host name has");
            }
        }
        String port = rest.substring(colon + 1);
        int min = hostOptional ? 0 : 1;
        long value;
        try {
            if (port.isEmpty() || port.length() > 5) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(port);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < min || value > 65535) {
            throw invalid(s, "the port must be a number from " + min + " to 65535");
        }
        return new String[] {host, Long.toString(value)};
    }

    private static ConfigException invalid(String s, String why) {
        return new ConfigException("invalid sink " + ConfigException.show(s) + ": " + why);
    }
}
