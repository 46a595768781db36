package io.telemetrypoller.sink.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.OtelJvmMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.telemetrypoller.TestMaps.meta;
import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** naming=otel: the built-in events under the OpenTelemetry JVM conventions, decoded with the official schema. */
class OtelJvmMetricsTest {
    private final OtelJvmMetrics otel = new OtelJvmMetrics();
    private final MetricIndex zeroConfig = MetricIndex.of(Collections.<MetricDefinition>emptyList());
    private final MetricAggregator agg = new MetricAggregator("otlp://test", Collections.<String, String>emptyMap(), OtlpKind.of(otel));

    private void emit(Map<String, Number> measurements, Map<String, Object> metadata, String... event) {
        otel.dispatch(Arrays.asList(event), measurements, metadata, zeroConfig, agg);
    }

    @Test
    void eachMeasurementIsExportedOnceUnderItsOpenTelemetryNameElseOurs() throws Exception {
        emit(numbers("used", 100L, "committed", 200L, "max", -1L, "used_after_last_gc", 40L),
                meta("pool", "G1 Eden Space", "type", "heap"), "vm", "memory_pool");
        emit(numbers("used", 300L, "committed", 400L, "max", 500L), meta("pool", "Metaspace", "type", "non_heap"),
                "vm", "memory_pool");
        emit(numbers("duration_ms", 3L), meta("collector", "G1 Young Generation", "action", "end of minor GC",
                "cause", "G1 Evacuation Pause"), "vm", "gc", "pause");
        emit(numbers("thread_count", 23L, "daemon_thread_count", 19L, "peak_thread_count", 24L,
                "loaded_class_count", 3105L, "total_loaded_class_count", 3200L, "unloaded_class_count", 95L,
                "open_fd_count", 41L, "fd_limit", 1024L), meta(), "vm", "system_counts");
        emit(numbers("process_cpu_time_ns", 1_830_000_000L, "process_cpu_load", 0.125, "system_load_average", 0.78,
                "available_processors", 2L), meta(), "vm", "cpu");
        emit(numbers("total", 5000L, "direct", 8192L, "mapped", 0L, "rss", 9000L), meta(), "vm", "memory");
        emit(numbers("total", 3L), meta(), "vm", "total_run_queue_lengths");

        Map<String, String> points = points(agg);
        Map<String, String> expected = new TreeMap<>();
        expected.put("jvm.memory.used", "By updown [{jvm.memory.type=heap, jvm.memory.pool.name=G1 Eden Space}=100.0, {jvm.memory.type=non_heap, jvm.memory.pool.name=Metaspace}=300.0]");
        expected.put("jvm.memory.committed", "By updown [{jvm.memory.type=heap, jvm.memory.pool.name=G1 Eden Space}=200.0, {jvm.memory.type=non_heap, jvm.memory.pool.name=Metaspace}=400.0]");
        expected.put("jvm.memory.limit", "By updown [{jvm.memory.type=non_heap, jvm.memory.pool.name=Metaspace}=500.0]");
        expected.put("jvm.memory.used_after_last_gc", "By updown [{jvm.memory.type=heap, jvm.memory.pool.name=G1 Eden Space}=40.0]");
        expected.put("jvm.gc.duration", "s histogram [{jvm.gc.name=G1 Young Generation, jvm.gc.action=end of minor GC} count=1 sum=0.003 bounds=[0.01, 0.1, 1.0, 10.0]]");
        expected.put("jvm.thread.count", "{thread} updown [{jvm.thread.daemon=false}=4.0, {jvm.thread.daemon=true}=19.0]");
        expected.put("jvm.class.count", "{class} updown [{}=3105.0]");
        expected.put("jvm.class.loaded", "{class} counter [{}=3200.0]");
        expected.put("jvm.class.unloaded", "{class} counter [{}=95.0]");
        expected.put("jvm.file_descriptor.count", "{file_descriptor} updown [{}=41.0]");
        expected.put("jvm.file_descriptor.limit", "{file_descriptor} updown [{}=1024.0]");
        expected.put("jvm.cpu.time", "s counter [{}=1.83]");
        expected.put("jvm.cpu.count", "{cpu} updown [{}=2.0]");
        expected.put("jvm.cpu.recent_utilization", "1 gauge [{}=0.125]");
        expected.put("jvm.system.cpu.load_1m", "{run_queue_item} gauge [{}=0.78]");
        expected.put("jvm.buffer.memory.usage", "By updown [{jvm.buffer.pool.name=direct}=8192.0, {jvm.buffer.pool.name=mapped}=0.0]");
        // what the conventions lack keeps the agent's zero-config name
        expected.put("vm.system_counts.peak_thread_count", " gauge [{}=24.0]");
        expected.put("vm.memory.total", "By gauge [{}=5000.0]");
        expected.put("vm.memory.rss", "By gauge [{}=9000.0]");
        expected.put("vm.total_run_queue_lengths.total", " gauge [{}=3.0]");
        assertEquals(expected, points);
    }

    /** Each metric sent, decoded: name -> "unit type [attributes=value, ...]". */
    private static Map<String, String> points(MetricAggregator agg) throws Exception {
        ExportMetricsServiceRequest r = ExportMetricsServiceRequest.parseFrom(
                new MetricsRequestEncoder(Collections.singletonMap("service.name", "shop"), "0.1.0")
                        .encode(agg.collect(false, 2_000_000_000L), false));
        Map<String, String> points = new TreeMap<>();
        for (Metric m : r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            String type;
            List<String> values = new ArrayList<>();
            switch (m.getDataCase()) {
                case SUM:
                    type = m.getSum().getIsMonotonic() ? "counter" : "updown";
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        values.add(attributes(p.getAttributesList()) + "=" + p.getAsDouble());
                    }
                    break;
                case GAUGE:
                    type = "gauge";
                    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                        values.add(attributes(p.getAttributesList()) + "=" + p.getAsDouble());
                    }
                    break;
                default:
                    type = "histogram";
                    m.getHistogram().getDataPointsList().forEach(p -> values.add(attributes(p.getAttributesList())
                            + " count=" + p.getCount() + " sum=" + p.getSum() + " bounds=" + p.getExplicitBoundsList()));
            }
            Collections.sort(values);
            points.put(m.getName(), m.getUnit() + " " + type + " " + values);
        }
        return points;
    }

    @Test
    void withThreadStatesJvmThreadCountIsByDaemonAndStateAndTheCountsKeepOurNames() throws Exception {
        OtelJvmMetrics table = new OtelJvmMetrics(true);
        MetricAggregator states = new MetricAggregator("otlp://test", Collections.<String, String>emptyMap(),
                OtlpKind.of(table));
        table.dispatch(Arrays.asList("vm", "system_counts"), numbers("thread_count", 23L, "daemon_thread_count", 19L),
                meta(), zeroConfig, states);
        table.dispatch(Arrays.asList("vm", "thread_states"), numbers("runnable", 5L, "blocked", 1L, "waiting", 9L,
                "timed_waiting", 8L, "daemon_runnable", 3L, "daemon_blocked", 0L, "daemon_waiting", 7L,
                "daemon_timed_waiting", 8L), meta(), zeroConfig, states);
        Map<String, String> expected = new TreeMap<>();
        expected.put("jvm.thread.count", "{thread} updown ["
                + "{jvm.thread.daemon=false, jvm.thread.state=blocked}=1.0, "
                + "{jvm.thread.daemon=false, jvm.thread.state=runnable}=2.0, "
                + "{jvm.thread.daemon=false, jvm.thread.state=timed_waiting}=0.0, "
                + "{jvm.thread.daemon=false, jvm.thread.state=waiting}=2.0, "
                + "{jvm.thread.daemon=true, jvm.thread.state=blocked}=0.0, "
                + "{jvm.thread.daemon=true, jvm.thread.state=runnable}=3.0, "
                + "{jvm.thread.daemon=true, jvm.thread.state=timed_waiting}=8.0, "
                + "{jvm.thread.daemon=true, jvm.thread.state=waiting}=7.0]");
        expected.put("vm.system_counts.thread_count", " gauge [{}=23.0]");
        expected.put("vm.system_counts.daemon_thread_count", " gauge [{}=19.0]");
        assertEquals(expected, points(states));
    }

    @Test
    void withDeltaTemporalityAnObservedSumExportsItsChange() throws Exception {
        emit(numbers("process_cpu_time_ns", 1_000_000_000L), meta(), "vm", "cpu");
        assertEquals(1.0, cpuTime(agg.collect(true, 2_000_000_000L)));
        emit(numbers("process_cpu_time_ns", 1_500_000_000L), meta(), "vm", "cpu");
        assertEquals(0.5, cpuTime(agg.collect(true, 3_000_000_000L)));
        assertEquals(0.0, cpuTime(agg.collect(true, 4_000_000_000L)), "no poll since: no change");
    }

    private static double cpuTime(List<MetricSnapshot> snapshots) {
        for (MetricSnapshot s : snapshots) {
            if (s.metric.name().equals("jvm.cpu.time")) {
                return s.points.get(0).value;
            }
        }
        throw new AssertionError("no jvm.cpu.time");
    }

    private static String attributes(List<KeyValue> kvs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            out.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return out.toString();
    }


}
