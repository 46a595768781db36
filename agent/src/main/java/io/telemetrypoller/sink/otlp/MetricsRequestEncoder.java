package io.telemetrypoller.sink.otlp;

import java.util.List;
import java.util.Map;

/**
 * Encodes an OTLP {@code ExportMetricsServiceRequest} (opentelemetry/proto/collector/metrics/v1) in the
 * protobuf wire format: one ResourceMetrics with the resource's attributes, one ScopeMetrics of scope
 * {@code telemetry-poller}, a Metric per metric snapshot. Field numbers are those of
 * opentelemetry-proto's metrics.proto, common.proto and resource.proto; the unit tests decode the
 * output with the official generated classes.
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
        ProtoWriter scopeMetrics = new ProtoWriter(4096);
        ProtoWriter scope = new ProtoWriter(64).string(1, SCOPE_NAME).stringIfNonEmpty(2, scopeVersion);
        scopeMetrics.message(1, scope);
        int temporality = delta ? DELTA : CUMULATIVE;
        for (MetricSnapshot m : metrics) {
            scopeMetrics.message(2, metric(m, temporality));
        }
        ProtoWriter res = new ProtoWriter(256);
        for (Map.Entry<String, String> e : resource.entrySet()) {
            res.message(1, keyValue(e.getKey(), e.getValue()));
        }
        ProtoWriter resourceMetrics = new ProtoWriter(scopeMetrics.size() + res.size() + 16);
        resourceMetrics.message(1, res).message(2, scopeMetrics);
        ProtoWriter request = new ProtoWriter(resourceMetrics.size() + 8);
        request.message(1, resourceMetrics);
        return request.toByteArray();
    }

    private static ProtoWriter metric(MetricSnapshot m, int temporality) {
        ProtoWriter w = new ProtoWriter(256);
        w.string(1, m.metric.name());
        w.stringIfNonEmpty(2, m.metric.description());
        w.stringIfNonEmpty(3, UcumUnits.of(m.metric.unit(), m.kind == OtlpKind.MONOTONIC_SUM));
        ProtoWriter data = new ProtoWriter(128);
        switch (m.kind) {
            case GAUGE:
                for (PointSnapshot p : m.points) {
                    data.message(1, numberPoint(p, false));
                }
                w.message(5, data); // Metric.gauge
                break;
            case SUM:
            case MONOTONIC_SUM:
            case OBSERVED_SUM:
            case OBSERVED_MONOTONIC_SUM:
                for (PointSnapshot p : m.points) {
                    data.message(1, numberPoint(p, true));
                }
                data.uint64(2, temporality).bool(3, m.kind.isMonotonic());
                w.message(7, data); // Metric.sum
                break;
            default:
                for (PointSnapshot p : m.points) {
                    data.message(1, histogramPoint(p));
                }
                data.uint64(2, temporality);
                w.message(9, data); // Metric.histogram
                break;
        }
        return w;
    }

    /** NumberDataPoint: attributes 7, start_time_unix_nano 2, time_unix_nano 3, as_double 4. */
    private static ProtoWriter numberPoint(PointSnapshot p, boolean withStart) {
        ProtoWriter w = new ProtoWriter(64);
        attributes(w, 7, p);
        if (withStart) {
            w.fixed64IfNonZero(2, p.startEpochNanos);
        }
        w.fixed64(3, p.timeEpochNanos).dbl(4, p.value);
        return w;
    }

    /**
     * HistogramDataPoint: attributes 9, start 2, time 3, count 4, sum 5, bucket_counts 6, explicit_bounds 7,
     * min 11, max 12.
     */
    private static ProtoWriter histogramPoint(PointSnapshot p) {
        ProtoWriter w = new ProtoWriter(128);
        attributes(w, 9, p);
        w.fixed64IfNonZero(2, p.startEpochNanos).fixed64(3, p.timeEpochNanos).fixed64(4, p.count).dbl(5, p.sum);
        w.packedFixed64(6, p.bucketCounts).packedDouble(7, p.bounds);
        if (p.count > 0) {
            w.dbl(11, p.min).dbl(12, p.max);
        }
        return w;
    }

    private static void attributes(ProtoWriter w, int field, PointSnapshot p) {
        for (int i = 0; i < p.attributeKeys.length; i++) {
            w.message(field, keyValue(p.attributeKeys[i], p.attributeValues[i]));
        }
    }

    /** KeyValue {key 1, value 2: AnyValue {string_value 1}}. */
    private static ProtoWriter keyValue(String key, String value) {
        ProtoWriter any = new ProtoWriter(value.length() + 8).string(1, value);
        return new ProtoWriter(key.length() + any.size() + 8).string(1, key).message(2, any);
    }
}
