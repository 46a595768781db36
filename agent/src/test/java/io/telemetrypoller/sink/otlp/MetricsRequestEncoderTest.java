package io.telemetrypoller.sink.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written encoder's output, decoded with the official OTLP classes (opentelemetry-proto). */
class MetricsRequestEncoderTest {
    /** One metric of each type (the JSON encoder's test takes them too). */
    static final List<MetricDefinition> DEFINITIONS = Arrays.asList(
            Metrics.counter("http.request.count").tags("method").build(),
            Metrics.sum("http.request.bytes").measurement("bytes").unit("byte").build(),
            Metrics.lastValue("vm.memory.total").unit("byte", "kilobyte").description("heap and more").build(),
            Metrics.distribution("http.request.duration").measurement("duration")
                    .unit("millisecond").buckets(10, 100).build(),
            Metrics.summary("http.request.size").eventName("http", "request").measurement("bytes").build());

    private static Map<String, Object> meta(String method) {
        Map<String, Object> m = new HashMap<>();
        m.put("method", method);
        return m;
    }

    private static ExportMetricsServiceRequest encode(boolean delta, MetricAggregator agg) throws Exception {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "shop");
        byte[] body = new MetricsRequestEncoder(resource, "0.1.0").encode(agg.collect(delta, 2_000_000_000L), delta);
        return ExportMetricsServiceRequest.parseFrom(body);
    }

    private static MetricAggregator fed() {
        MetricIndex index = MetricIndex.of(DEFINITIONS);
        MetricAggregator agg = new MetricAggregator("otlp://test", Collections.singletonMap("region", "eu"));
        Map<String, Number> request = new HashMap<>();
        request.put("bytes", 300);
        request.put("duration", 50);
        index.dispatch(Arrays.asList("http", "request"), request, meta("GET"), agg);
        request.put("bytes", 200);
        request.put("duration", 500);
        index.dispatch(Arrays.asList("http", "request"), request, meta("GET"), agg);
        index.dispatch(Arrays.asList("http", "request"), request, meta("POST"), agg);
        index.dispatch(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 2_048_000), meta("x"), agg);
        return agg;
    }

    private static Metric metric(ExportMetricsServiceRequest r, String name) {
        for (Metric m : r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + r);
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            assertTrue(kv.getValue().hasStringValue(), kv.toString());
            out.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return out;
    }

    @Test
    void resourceAndScope() throws Exception {
        ExportMetricsServiceRequest r = encode(false, fed());
        assertEquals(1, r.getResourceMetricsCount());
        ResourceMetrics rm = r.getResourceMetrics(0);
        assertEquals(Collections.singletonMap("service.name", "shop"), attributes(rm.getResource().getAttributesList()));
        ScopeMetrics sm = rm.getScopeMetrics(0);
        assertEquals("telemetry-poller", sm.getScope().getName());
        assertEquals("0.1.0", sm.getScope().getVersion());
        assertEquals(5, sm.getMetricsCount());
    }

    @Test
    void counterIsAMonotonicCumulativeSumPerTagValue() throws Exception {
        Metric m = metric(encode(false, fed()), "http.request.count");
        assertEquals(Metric.DataCase.SUM, m.getDataCase());
        assertTrue(m.getSum().getIsMonotonic());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, m.getSum().getAggregationTemporality());
        assertEquals("1", m.getUnit());
        Map<String, Double> byMethod = new HashMap<>();
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
            Map<String, String> a = attributes(p.getAttributesList());
            assertEquals("eu", a.get("region"));
            byMethod.put(a.get("method"), p.getAsDouble());
            assertEquals(2_000_000_000L, p.getTimeUnixNano());
            assertTrue(p.getStartTimeUnixNano() > 0 && p.getStartTimeUnixNano() <= System.currentTimeMillis() * 1_000_000L);
        }
        Map<String, Double> expected = new HashMap<>();
        expected.put("GET", 2.0);
        expected.put("POST", 1.0);
        assertEquals(expected, byMethod);
    }

    @Test
    void sumIsANonMonotonicSumInUcumBytes() throws Exception {
        Metric m = metric(encode(false, fed()), "http.request.bytes");
        assertFalse(m.getSum().getIsMonotonic());
        assertEquals("By", m.getUnit());
        assertEquals(1, m.getSum().getDataPointsCount());
        assertEquals(700.0, m.getSum().getDataPoints(0).getAsDouble());
        assertEquals(Collections.singletonMap("region", "eu"), attributes(m.getSum().getDataPoints(0).getAttributesList()));
    }

    @Test
    void lastValueIsAGaugeInTheMetricsUnit() throws Exception {
        Metric m = metric(encode(false, fed()), "vm.memory.total");
        assertEquals(Metric.DataCase.GAUGE, m.getDataCase());
        assertEquals("kBy", m.getUnit());
        assertEquals("heap and more", m.getDescription());
        assertEquals(2048.0, m.getGauge().getDataPoints(0).getAsDouble());
    }

    @Test
    void distributionIsAnExplicitBucketHistogram() throws Exception {
        Metric m = metric(encode(false, fed()), "http.request.duration");
        assertEquals(Metric.DataCase.HISTOGRAM, m.getDataCase());
        assertEquals("ms", m.getUnit());
        HistogramDataPoint p = m.getHistogram().getDataPoints(0);
        assertEquals(Arrays.asList(10.0, 100.0), p.getExplicitBoundsList());
        assertEquals(Arrays.asList(0L, 1L, 2L), p.getBucketCountsList());
        assertEquals(3, p.getCount());
        assertEquals(1050.0, p.getSum());
        assertEquals(50.0, p.getMin());
        assertEquals(500.0, p.getMax());
    }

    @Test
    void summaryIsAHistogramWithoutBounds() throws Exception {
        Metric m = metric(encode(false, fed()), "http.request.size");
        HistogramDataPoint p = m.getHistogram().getDataPoints(0);
        assertEquals(0, p.getExplicitBoundsCount());
        assertEquals(Collections.singletonList(3L), p.getBucketCountsList());
        assertEquals(700.0, p.getSum());
    }

    @Test
    void deltaTemporalityResetsSumsAndHistogramsButNotGauges() throws Exception {
        MetricAggregator agg = fed();
        ExportMetricsServiceRequest first = encode(true, agg);
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                metric(first, "http.request.bytes").getSum().getAggregationTemporality());
        ExportMetricsServiceRequest second = encode(true, agg);
        List<Metric> left = second.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
        assertEquals(1, left.size());
        assertEquals("vm.memory.total", left.get(0).getName());
    }

    @Test
    void zeroConfigExportsEveryMeasurementAsAGaugeWithMetadataAttributes() throws Exception {
        MetricIndex index = MetricIndex.of(Collections.<MetricDefinition>emptyList());
        MetricAggregator agg = new MetricAggregator("otlp://test", Collections.<String, String>emptyMap());
        Map<String, Object> pool = new HashMap<>();
        pool.put("pool", "G1 Eden Space");
        pool.put("type", "heap");
        index.dispatch(Arrays.asList("vm", "memory_pool"), Collections.singletonMap("used", 4194304), pool, agg);
        Metric m = metric(encode(false, agg), "vm.memory_pool.used");
        assertEquals(Metric.DataCase.GAUGE, m.getDataCase());
        assertEquals("By", m.getUnit());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("pool", "G1 Eden Space");
        expected.put("type", "heap");
        assertEquals(expected, attributes(m.getGauge().getDataPoints(0).getAttributesList()));
        assertEquals(4194304.0, m.getGauge().getDataPoints(0).getAsDouble());
    }
}
