package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.internal.ProcessId;

import java.io.UnsupportedEncodingException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where and how an OTLP sink exports, from the sink as configured and the OpenTelemetry environment
 * variables a user already sets for other services (the sink's own settings win):
 * OTEL_EXPORTER_OTLP_METRICS_ENDPOINT (used as is), OTEL_EXPORTER_OTLP_ENDPOINT ({@code /v1/metrics}
 * appended), OTEL_EXPORTER_OTLP_HEADERS ({@code k=v,k=v}, URL-decoded), OTEL_EXPORTER_OTLP_METRICS_PROTOCOL
 * then OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf or http/json; grpc is refused),
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES. Errors are one line naming the variable; header values never appear in them.
 */
public final class OtlpSettings {
    static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/metrics";
    static final String DEFAULT_SERVICE_NAME = "unknown_service:java";

    private final String description;
    private final URL url;
    private final Map<String, String> headers;
    private final Map<String, String> resource;
    private final boolean delta;
    private final boolean json;

    private OtlpSettings(String description, URL url, Map<String, String> headers, Map<String, String> resource,
                         boolean delta, boolean json) {
        this.description = description;
        this.url = url;
        this.headers = headers;
        this.resource = resource;
        this.delta = delta;
        this.json = json;
    }

    /**
     * @param temporality the {@code otlp_temporality} option ({@code cumulative}/{@code delta}), which wins
     *                    over the environment; or null
     * @param protocol    the {@code otlp_protocol} option ({@code http/protobuf}/{@code http/json}), which wins
     *                    over the environment; or null
     * @param headers     the config file's {@code otlp_headers}, each winning over the same header of the environment
     */
    public static OtlpSettings resolve(SinkSpec spec, Map<String, String> env, String temporality, String protocol,
                                       Map<String, String> headers) throws ConfigException {
        String endpoint;
        if (spec.host() != null) {
            String host = spec.host().indexOf(':') >= 0 ? "[" + spec.host() + "]" : spec.host();
            endpoint = (spec.tls() ? "https://" : "http://") + host + ":" + spec.port() + spec.urlPath();
        } else if (notEmpty(env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))) {
            endpoint = env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT").trim();
        } else if (notEmpty(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))) {
            String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT").trim();
            endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/metrics";
        } else {
            endpoint = DEFAULT_ENDPOINT;
        }
        URL url;
        try {
            url = new URL(endpoint);
        } catch (MalformedURLException e) {
            throw new ConfigException("invalid OTLP endpoint " + ConfigException.show(endpoint) + ": not a URL");
        }
        if (!"http".equals(url.getProtocol()) && !"https".equals(url.getProtocol())) {
            throw new ConfigException("invalid OTLP endpoint " + ConfigException.show(endpoint)
                    + ": expected http:// or https://");
        }
        if (protocol == null) {
            protocol = protocol(env, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL");
        }
        if (protocol == null) {
            protocol = protocol(env, "OTEL_EXPORTER_OTLP_PROTOCOL");
        }
        boolean delta = false;
        if (temporality != null) {
            delta = "delta".equals(temporality);
        } else if (notEmpty(env.get("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"))) {
            temporality = env.get("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE");
            String t = temporality.trim().toLowerCase(java.util.Locale.ROOT);
            if (!"cumulative".equals(t) && !"delta".equals(t)) {
                throw new ConfigException("invalid OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE "
                        + ConfigException.show(temporality) + ": expected cumulative or delta");
            }
            delta = "delta".equals(t);
        }
        Map<String, String> sent = pairs(env.get("OTEL_EXPORTER_OTLP_HEADERS"), "OTEL_EXPORTER_OTLP_HEADERS", false);
        for (Map.Entry<String, String> h : sent.entrySet()) {
            if (!isToken(h.getKey()) || hasControl(h.getValue())) {
                // written into the request as they are: a CR or LF would start another header
                throw new ConfigException("invalid OTEL_EXPORTER_OTLP_HEADERS: a name is not an HTTP token or a"
                        + " value holds a control character (values not shown)");
            }
        }
        sent.putAll(headers);
        String shown = spec.host() != null ? spec.text() : "otlp (" + endpoint + ")";
        return new OtlpSettings(shown, url, sent, resource(env), delta, "http/json".equals(protocol));
    }

    /** The variable's protocol, or null when unset. */
    private static String protocol(Map<String, String> env, String variable) throws ConfigException {
        String value = env.get(variable);
        if (!notEmpty(value)) {
            return null;
        }
        String p = value.trim();
        if (!"http/protobuf".equals(p) && !"http/json".equals(p)) {
            throw new ConfigException("invalid " + variable + " " + ConfigException.show(value)
                    + ": expected http/protobuf or http/json (this agent sends no gRPC: see docs/reporters.md)");
        }
        return p;
    }

    /** The resource attributes: the user's, then the service and process ones (OTEL_SERVICE_NAME wins). */
    static Map<String, String> resource(Map<String, String> env) throws ConfigException {
        Map<String, String> r = new LinkedHashMap<>();
        Map<String, String> user = pairs(env.get("OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES", true);
        String service = env.get("OTEL_SERVICE_NAME");
        if (notEmpty(service)) {
            r.put("service.name", service.trim());
        } else if (user.containsKey("service.name")) {
            r.put("service.name", user.get("service.name"));
        } else {
            r.put("service.name", DEFAULT_SERVICE_NAME);
        }
        r.put("service.instance.id", randomUuid());
        String host = hostName(env);
        if (host != null) {
            r.put("host.name", host);
        }
        String pid = ProcessId.ofThisJvm();
        if (pid != null) {
            r.put("process.pid", pid);
        }
        r.put("process.runtime.name", System.getProperty("java.runtime.name", "Java"));
        r.put("process.runtime.version", System.getProperty("java.runtime.version", ""));
        for (Map.Entry<String, String> e : user.entrySet()) {
            if (!r.containsKey(e.getKey()) || !e.getKey().equals("service.name")) {
                r.put(e.getKey(), e.getValue());
            }
        }
        if (notEmpty(service)) {
            r.put("service.name", service.trim());
        }
        return Collections.unmodifiableMap(r);
    }

    /** {@code k=v,k=v}, keys and values URL-decoded (the OTLP exporter specification's format). */
    static Map<String, String> pairs(String text, String variable, boolean showValues) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!notEmpty(text)) {
            return out;
        }
        for (String item : text.split(",")) {
            if (item.trim().isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                // the value may be a credential: name only the position
                throw new ConfigException("invalid " + variable + ": an item has no key=value form"
                        + (showValues ? " (" + ConfigException.show(item.trim()) + ")" : " (values not shown)"));
            }
            try {
                out.put(URLDecoder.decode(item.substring(0, eq).trim(), "UTF-8"),
                        URLDecoder.decode(item.substring(eq + 1).trim(), "UTF-8"));
            } catch (UnsupportedEncodingException | IllegalArgumentException e) {
                throw new ConfigException("invalid " + variable + ": an item is not URL-encoded text"
                        + (showValues ? " (" + ConfigException.show(item.trim()) + ")" : " (values not shown)"));
            }
        }
        return out;
    }

    /**
     * A random (version 4) UUID from ThreadLocalRandom: UUID.randomUUID would initialise SecureRandom at
     * the sink's start (several ms, docs/performance.md); an instance id needs to be unique, not secret.
     */
    static String randomUuid() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;                       // version 4
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** No DNS look-up here (it may hang): the kernel's name, else the usual environment variables. */
    private static String hostName(Map<String, String> env) {
        try {
            byte[] b = Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname"));
            String h = new String(b, StandardCharsets.UTF_8).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (Exception e) {
            // not Linux
        }
        String h = env.get("HOSTNAME");
        return notEmpty(h) ? h : env.get("COMPUTERNAME");
    }

    /** An HTTP header name (RFC 9110 token). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.trim().isEmpty();
    }

    public String description() {
        return description;
    }

    URL url() {
        return url;
    }

    Map<String, String> headers() {
        return headers;
    }

    Map<String, String> resource() {
        return resource;
    }

    boolean delta() {
        return delta;
    }

    /** OTLP/HTTP's JSON encoding rather than protobuf. */
    boolean json() {
        return json;
    }

    String scopeVersion() {
        Package p = OtlpSettings.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "" : v;
    }
}
