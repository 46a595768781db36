package io.telemetrypoller.sink.otlp;

import java.util.List;
import java.util.Map;

import static io.telemetrypoller.sink.otlp.ProtoWriter.fixed64Size;
import static io.telemetrypoller.sink.otlp.ProtoWriter.messageSize;
import static io.telemetrypoller.sink.otlp.ProtoWriter.packedSize;
import static io.telemetrypoller.sink.otlp.ProtoWriter.stringSize;
import static io.telemetrypoller.sink.otlp.ProtoWriter.uint64Size;

/**
 * Encodes an OTLP {@code ExportMetricsServiceRequest} (opentelemetry/proto/collector/metrics/v1) in the
 * protobuf wire format: one ResourceMetrics with the resource's attributes, one ScopeMetrics of scope
 * {@code telemetry-poller}, a Metric per metric snapshot. Field numbers are those of
 * opentelemetry-proto's metrics.proto, common.proto and resource.proto; the unit tests decode the
 * output with the official generated classes.
 *
 * <p>Two passes: the size of every metric, its data and each point first (kept in one int array, in
 * writing order), then every field written in place into one array of exactly the request's size. No
 * nested message is built apart and copied, which is what kept this within the OpenTelemetry SDK's
 * allocation per export (docs/performance.md).
 */
final class MetricsRequestEncoder implements RequestEncoding {
    static final String SCOPE_NAME = "telemetry-poller";

    /** AggregationTemporality enum values. */
    static final int DELTA = 1;
    static final int CUMULATIVE = 2;

    private final Map<String, String> resource;
    private final String scopeVersion;

    MetricsRequestEncoder(Map<String, String> resource, String scopeVersion) {
        this.resource = resource;
        this.scopeVersion = scopeVersion;
    }

    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public long rejectedPoints(byte[] answer) {
        return PartialSuccess.rejectedPoints(answer);
    }

    @Override
    public byte[] encode(List<MetricSnapshot> metrics, boolean delta) {
        int temporality = delta ? DELTA : CUMULATIVE;
        int points = 0;
        for (MetricSnapshot m : metrics) {
            points += m.points.size();
        }
        int[] sizes = new int[2 * metrics.size() + points]; // per metric: its size, its data's, then each point's
        int at = 0;
        int scopeSize = stringSize(1, SCOPE_NAME) + optionalStringSize(2, scopeVersion);
        int scopeMetricsSize = messageSize(1, scopeSize);
        for (MetricSnapshot m : metrics) {
            int metricAt = at;
            at += 2;
            int dataSize = 0;
            for (PointSnapshot p : m.points) {
                int pointSize = m.kind == OtlpKind.HISTOGRAM
                        ? histogramPointSize(p) : numberPointSize(p, m.kind != OtlpKind.GAUGE);
                sizes[at++] = pointSize;
                dataSize += messageSize(1, pointSize);
            }
            dataSize += dataTrailerSize(m.kind, temporality);
            int metricSize = stringSize(1, m.metric.name()) + optionalStringSize(2, m.metric.description())
                    + optionalStringSize(3, unit(m)) + messageSize(dataField(m.kind), dataSize);
            sizes[metricAt] = metricSize;
            sizes[metricAt + 1] = dataSize;
            scopeMetricsSize += messageSize(2, metricSize);
        }
        int resourceSize = 0;
        for (Map.Entry<String, String> e : resource.entrySet()) {
            resourceSize += messageSize(1, keyValueSize(e.getKey(), e.getValue()));
        }
        int resourceMetricsSize = messageSize(1, resourceSize) + messageSize(2, scopeMetricsSize);

        ProtoWriter w = new ProtoWriter(messageSize(1, resourceMetricsSize));
        w.header(1, resourceMetricsSize).header(1, resourceSize);
        for (Map.Entry<String, String> e : resource.entrySet()) {
            keyValue(w, 1, e.getKey(), e.getValue());
        }
        w.header(2, scopeMetricsSize).header(1, scopeSize).string(1, SCOPE_NAME).stringIfNonEmpty(2, scopeVersion);
        at = 0;
        for (MetricSnapshot m : metrics) {
            w.header(2, sizes[at]).string(1, m.metric.name()).stringIfNonEmpty(2, m.metric.description())
                    .stringIfNonEmpty(3, unit(m)).header(dataField(m.kind), sizes[at + 1]);
            at += 2;
            for (PointSnapshot p : m.points) {
                w.header(1, sizes[at++]);
                if (m.kind == OtlpKind.HISTOGRAM) {
                    histogramPoint(w, p);
                } else {
                    numberPoint(w, p, m.kind != OtlpKind.GAUGE);
                }
            }
            if (m.kind == OtlpKind.GAUGE) {
                continue;
            }
            w.uint64(2, temporality);
            if (m.kind != OtlpKind.HISTOGRAM) {
                w.bool(3, m.kind.isMonotonic());
            }
        }
        return w.exactArray();
    }

    private static String unit(MetricSnapshot m) {
        return UcumUnits.of(m.metric.unit(), m.kind == OtlpKind.MONOTONIC_SUM);
    }

    /** Metric.gauge 5, Metric.sum 7, Metric.histogram 9. */
    private static int dataField(OtlpKind kind) {
        switch (kind) {
            case GAUGE:
                return 5;
            case HISTOGRAM:
                return 9;
            default:
                return 7;
        }
    }

    /** After the points: aggregation_temporality 2 (sums and histograms), is_monotonic 3 (sums). */
    private static int dataTrailerSize(OtlpKind kind, int temporality) {
        switch (kind) {
            case GAUGE:
                return 0;
            case HISTOGRAM:
                return uint64Size(2, temporality);
            default:
                return uint64Size(2, temporality) + uint64Size(3, 1);
        }
    }

    private static int optionalStringSize(int field, String value) {
        return value == null || value.isEmpty() ? 0 : stringSize(field, value);
    }

    /** NumberDataPoint: attributes 7, start_time_unix_nano 2, time_unix_nano 3, as_double 4. */
    private static int numberPointSize(PointSnapshot p, boolean withStart) {
        return attributesSize(7, p) + (withStart && p.startEpochNanos != 0 ? fixed64Size(2) : 0)
                + fixed64Size(3) + fixed64Size(4);
    }

    private static void numberPoint(ProtoWriter w, PointSnapshot p, boolean withStart) {
        attributes(w, 7, p);
        if (withStart) {
            w.fixed64IfNonZero(2, p.startEpochNanos);
        }
        w.fixed64(3, p.timeEpochNanos).dbl(4, p.value);
    }

    /**
     * HistogramDataPoint: attributes 9, start 2, time 3, count 4, sum 5, bucket_counts 6, explicit_bounds 7,
     * min 11, max 12.
     */
    private static int histogramPointSize(PointSnapshot p) {
        return attributesSize(9, p) + (p.startEpochNanos != 0 ? fixed64Size(2) : 0) + fixed64Size(3)
                + fixed64Size(4) + fixed64Size(5) + packedSize(6, p.bucketCounts.length)
                + packedSize(7, p.bounds.length) + (p.count > 0 ? fixed64Size(11) + fixed64Size(12) : 0);
    }

    private static void histogramPoint(ProtoWriter w, PointSnapshot p) {
        attributes(w, 9, p);
        w.fixed64IfNonZero(2, p.startEpochNanos).fixed64(3, p.timeEpochNanos).fixed64(4, p.count).dbl(5, p.sum);
        w.packedFixed64(6, p.bucketCounts).packedDouble(7, p.bounds);
        if (p.count > 0) {
            w.dbl(11, p.min).dbl(12, p.max);
        }
    }

    private static int attributesSize(int field, PointSnapshot p) {
        int size = 0;
        for (int i = 0; i < p.attributeKeys.length; i++) {
            size += messageSize(field, keyValueSize(p.attributeKeys[i], p.attributeValues[i]));
        }
        return size;
    }

    private static void attributes(ProtoWriter w, int field, PointSnapshot p) {
        for (int i = 0; i < p.attributeKeys.length; i++) {
            keyValue(w, field, p.attributeKeys[i], p.attributeValues[i]);
        }
    }

    /** KeyValue {key 1, value 2: AnyValue {string_value 1}}. */
    private static int keyValueSize(String key, String value) {
        return stringSize(1, key) + messageSize(2, stringSize(1, value));
    }

    private static void keyValue(ProtoWriter w, int field, String key, String value) {
        w.header(field, keyValueSize(key, value)).string(1, key).header(2, stringSize(1, value)).string(1, value);
    }
}
