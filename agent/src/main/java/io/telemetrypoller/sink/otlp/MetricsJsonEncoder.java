package io.telemetrypoller.sink.otlp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes the same {@code ExportMetricsServiceRequest} as {@link MetricsRequestEncoder}, in OTLP/HTTP's
 * JSON encoding (the OTLP specification's "JSON Protobuf Encoding"): lowerCamelCase field names, enums
 * as integers, 64-bit integers as decimal strings, doubles as numbers ({@code "NaN"}, {@code "Infinity"}
 * as strings, as the protobuf JSON mapping writes them). The unit tests parse the output with
 * protobuf-java-util's JsonFormat against the official classes and compare it with the protobuf encoding.
 */
final class MetricsJsonEncoder implements RequestEncoding {
    private static final String REJECTED = "\"rejectedDataPoints\"";

    private final Map<String, String> resource;
    private final String scopeVersion;

    MetricsJsonEncoder(Map<String, String> resource, String scopeVersion) {
        this.resource = resource;
        this.scopeVersion = scopeVersion;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] encode(List<MetricSnapshot> metrics, boolean delta) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[");
        boolean first = true;
        for (Map.Entry<String, String> e : resource.entrySet()) {
            first = comma(b, first);
            keyValue(b, e.getKey(), e.getValue());
        }
        b.append("]},\"scopeMetrics\":[{\"scope\":{\"name\":");
        string(b, MetricsRequestEncoder.SCOPE_NAME);
        if (scopeVersion != null && !scopeVersion.isEmpty()) {
            b.append(",\"version\":");
            string(b, scopeVersion);
        }
        b.append("},\"metrics\":[");
        int temporality = delta ? MetricsRequestEncoder.DELTA : MetricsRequestEncoder.CUMULATIVE;
        first = true;
        for (MetricSnapshot m : metrics) {
            first = comma(b, first);
            metric(b, m, temporality);
        }
        b.append("]}]}]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void metric(StringBuilder b, MetricSnapshot m, int temporality) {
        b.append("{\"name\":");
        string(b, m.metric.name());
        stringIfNonEmpty(b, "description", m.metric.description());
        stringIfNonEmpty(b, "unit", UcumUnits.of(m.metric.unit(), m.kind == OtlpKind.MONOTONIC_SUM));
        switch (m.kind) {
            case GAUGE:
                b.append(",\"gauge\":{\"dataPoints\":[");
                numberPoints(b, m.points, false);
                b.append("]}}");
                break;
            case SUM:
            case MONOTONIC_SUM:
            case OBSERVED_SUM:
            case OBSERVED_MONOTONIC_SUM:
                b.append(",\"sum\":{\"dataPoints\":[");
                numberPoints(b, m.points, true);
                b.append("],\"aggregationTemporality\":").append(temporality)
                        .append(",\"isMonotonic\":").append(m.kind.isMonotonic()).append("}}");
                break;
            default:
                b.append(",\"histogram\":{\"dataPoints\":[");
                boolean first = true;
                for (PointSnapshot p : m.points) {
                    first = comma(b, first);
                    histogramPoint(b, p);
                }
                b.append("],\"aggregationTemporality\":").append(temporality).append("}}");
                break;
        }
    }

    private static void numberPoints(StringBuilder b, List<PointSnapshot> points, boolean withStart) {
        boolean first = true;
        for (PointSnapshot p : points) {
            first = comma(b, first);
            b.append('{');
            attributes(b, p);
            if (withStart && p.startEpochNanos != 0) {
                b.append(",\"startTimeUnixNano\":");
                unsigned(b, p.startEpochNanos);
            }
            b.append(",\"timeUnixNano\":");
            unsigned(b, p.timeEpochNanos);
            b.append(",\"asDouble\":");
            number(b, p.value);
            b.append('}');
        }
    }

    private static void histogramPoint(StringBuilder b, PointSnapshot p) {
        b.append('{');
        attributes(b, p);
        if (p.startEpochNanos != 0) {
            b.append(",\"startTimeUnixNano\":");
            unsigned(b, p.startEpochNanos);
        }
        b.append(",\"timeUnixNano\":");
        unsigned(b, p.timeEpochNanos);
        b.append(",\"count\":");
        unsigned(b, p.count);
        b.append(",\"sum\":");
        number(b, p.sum);
        b.append(",\"bucketCounts\":[");
        for (int i = 0; i < p.bucketCounts.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            unsigned(b, p.bucketCounts[i]);
        }
        b.append("],\"explicitBounds\":[");
        for (int i = 0; i < p.bounds.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            number(b, p.bounds[i]);
        }
        b.append(']');
        if (p.count > 0) {
            b.append(",\"min\":");
            number(b, p.min);
            b.append(",\"max\":");
            number(b, p.max);
        }
        b.append('}');
    }

    /** {@code "attributes":[...]}, first in its object. */
    private static void attributes(StringBuilder b, PointSnapshot p) {
        b.append("\"attributes\":[");
        for (int i = 0; i < p.attributeKeys.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            keyValue(b, p.attributeKeys[i], p.attributeValues[i]);
        }
        b.append(']');
    }

    private static void keyValue(StringBuilder b, String key, String value) {
        b.append("{\"key\":");
        string(b, key);
        b.append(",\"value\":{\"stringValue\":");
        string(b, value);
        b.append("}}");
    }

    private static boolean comma(StringBuilder b, boolean first) {
        if (!first) {
            b.append(',');
        }
        return false;
    }

    private static void stringIfNonEmpty(StringBuilder b, String field, String value) {
        if (value != null && !value.isEmpty()) {
            b.append(",\"").append(field).append("\":");
            string(b, value);
        }
    }

    /** A 64-bit integer field (fixed64 and uint64 are unsigned) as the decimal string the mapping writes. */
    private static void unsigned(StringBuilder b, long value) {
        b.append('"').append(Long.toUnsignedString(value)).append('"');
    }

    private static void number(StringBuilder b, double value) {
        if (Double.isNaN(value)) {
            b.append("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            b.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value); // 2048000, not 2048000.0: shorter, and the same double
        } else {
            b.append(value); // Double.toString: a valid JSON number (1.5, 1.0E-5)
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    /**
     * The answer's {@code "partialSuccess":{"rejectedDataPoints":N}}, N a number or a decimal string;
     * read by looking for the one field that matters, as the protobuf reader skips all others.
     */
    @Override
    public long rejectedPoints(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        int at = text.indexOf(REJECTED);
        if (at < 0) {
            return 0;
        }
        int i = skipSpaces(text, at + REJECTED.length());
        if (i >= text.length() || text.charAt(i) != ':') {
            return 0;
        }
        i = skipSpaces(text, i + 1);
        if (i < text.length() && text.charAt(i) == '"') {
            i++;
        }
        long n = 0;
        int digits = 0;
        for (; i < text.length() && Character.isDigit(text.charAt(i)) && digits < 18; i++, digits++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
