package io.telemetrypoller.metrics;

import static io.telemetrypoller.TestMaps.meta;

import static io.telemetrypoller.TestMaps.numbers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricIndexTest {
    private final List<String> updates = new ArrayList<>();
    private final List<MetricDefinition> seen = new ArrayList<>();
    private final MetricRecorder recorder = (m, v, meta) -> {
        updates.add(m.type().configName() + " " + m.name() + " " + m.convert(v) + (m.unit() == null ? "" : " " + m.unit()));
        seen.add(m);
    };

    @Test
    void definedMetricsReadTheirMeasurement() {
        MetricIndex index = MetricIndex.of(Arrays.asList(
                Metrics.lastValue("vm.memory.total").unit("byte", "kilobyte").build(),
                Metrics.counter("vm.memory.polls").build(),
                Metrics.lastValue("vm.memory.absent").build(),
                Metrics.lastValue("vm.memory_pool.used").keepIf("type", "heap").build()));
        index.dispatch(Arrays.asList("vm", "memory"), numbers("total", 49670008L, "heap_used", 1),
                Collections.<String, Object>emptyMap(), recorder);
        index.dispatch(Arrays.asList("vm", "memory_pool"), numbers("used", 10),
                meta("type", "non_heap"), recorder);
        index.dispatch(Arrays.asList("vm", "memory_pool"), numbers("used", 20),
                meta("type", "heap"), recorder);
        index.dispatch(Arrays.asList("vm", "other"), numbers("total", 1), Collections.<String, Object>emptyMap(),
                recorder);
        assertEquals(Arrays.asList("last_value vm.memory.total 49670.008 kilobyte", "counter vm.memory.polls 1.0",
                "last_value vm.memory_pool.used 20.0"), updates);
    }

    // telemetry_metrics: a measurement given as a function of the measurements (and of the metadata), and
    // tag_values deriving the tags' metadata; keep still sees the event's own metadata; a function that
    // throws leaves the event out of that metric only
    @Test
    void measurementFunctionsAndTagValuesAsTelemetryMetricsHasThem() {
        List<Map<String, ?>> tagged = new ArrayList<>();
        MetricRecorder withTags = (m, v, meta) -> {
            updates.add(m.name() + " " + v);
            tagged.add(meta);
        };
        MetricIndex index = MetricIndex.of(Arrays.asList(
                Metrics.sum("http.request.kilobytes").eventName("http", "request")
                        .measurement(m -> m.get("bytes").doubleValue() / 1024).build(),
                Metrics.lastValue("http.request.weighted").eventName("http", "request")
                        .measurement((m, md) -> m.get("bytes").doubleValue() * ("GET".equals(md.get("method")) ? 1 : 2)).build(),
                Metrics.counter("http.request.count").tags("status_class")
                        .tagValues(md -> Collections.singletonMap("status_class", md.get("status").toString().charAt(0) + "xx"))
                        .keepIf("status", "500").build(),
                Metrics.lastValue("http.request.broken").eventName("http", "request")
                        .measurement(m -> { throw new IllegalStateException("boom"); }).build(),
                Metrics.lastValue("http.request.nothing").eventName("http", "request").measurement(m -> null).build()));
        Map<String, Object> md = new java.util.HashMap<>();
        md.put("method", "POST");
        md.put("status", 500);
        index.dispatch(Arrays.asList("http", "request"), numbers("bytes", 2048), md, withTags);
        assertEquals(Arrays.asList("http.request.kilobytes 2.0", "http.request.weighted 4096.0", "http.request.count 1.0"),
                updates);
        assertEquals(Collections.singletonMap("status_class", "5xx"), tagged.get(2));
        assertEquals(md, tagged.get(0), "no tag_values: the event's own metadata");
        assertEquals(1, index.notANumber(), "the throwing function, counted once per event");
    }

    @Test
    void zeroConfigReportsEveryMeasurementAsLastValue() {
        MetricIndex index = MetricIndex.of(Collections.<MetricDefinition>emptyList());
        assertTrue(index.zeroConfig());
        index.dispatch(Arrays.asList("vm", "memory"), numbers("total", 5L, "heap_used", 3L),
                Collections.<String, Object>emptyMap(), recorder);
        index.dispatch(Arrays.asList("vm", "gc"), numbers("count", 2L, "time_ms", 30L),
                meta("collector", "G1 Young Generation"), recorder);
        index.dispatch(Arrays.asList("vm", "cpu"), numbers("process_cpu_time_ns", 9L, "process_cpu_load", 0.25),
                Collections.<String, Object>emptyMap(), recorder);
        index.dispatch(Arrays.asList("app", "job", "stop"), numbers("duration", 100L, "q_us", 1, "size_bytes", 2),
                Collections.<String, Object>emptyMap(), recorder);
        index.dispatch(Arrays.asList("vm", "container"), numbers("memory_limit", 4L, "memory_fail_count", 1L,
                "cpu_throttled_ns", 8L), Collections.<String, Object>emptyMap(), recorder);
        assertEquals(Arrays.asList("last_value vm.memory.total 5.0 byte", "last_value vm.memory.heap_used 3.0 byte",
                "last_value vm.gc.count 2.0", "last_value vm.gc.time_ms 30.0 millisecond",
                "last_value vm.cpu.process_cpu_time_ns 9.0 nanosecond", "last_value vm.cpu.process_cpu_load 0.25",
                "last_value app.job.stop.duration 100.0 nanosecond", "last_value app.job.stop.q_us 1.0 microsecond",
                "last_value app.job.stop.size_bytes 2.0 byte", "last_value vm.container.memory_limit 4.0 byte",
                "last_value vm.container.memory_fail_count 1.0", "last_value vm.container.cpu_throttled_ns 8.0 nanosecond"),
                updates);
        MetricDefinition first = seen.get(0);
        index.dispatch(Arrays.asList("vm", "memory"), numbers("total", 6L), Collections.<String, Object>emptyMap(),
                recorder);
        assertSame(first, seen.get(seen.size() - 1), "a zero-config definition is made once and kept");
    }

    // telemetry_metrics_statsd: a measurement that is not a number sends nothing, and is no failure
    @Test
    void aMeasurementThatIsNotANumberIsLeftOutAndCountedNotThrown() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Number> raw = (Map) new java.util.LinkedHashMap<String, Object>();
        ((Map<String, Object>) (Map) raw).put("total", "lots");
        ((Map<String, Object>) (Map) raw).put("heap_used", 7L);
        MetricIndex defined = MetricIndex.of(Arrays.asList(Metrics.lastValue("vm.memory.total").build(),
                Metrics.lastValue("vm.memory.heap_used").build()));
        defined.dispatch(Arrays.asList("vm", "memory"), raw, Collections.<String, Object>emptyMap(), recorder);
        MetricIndex zeroConfig = MetricIndex.of(Collections.<MetricDefinition>emptyList());
        zeroConfig.dispatch(Arrays.asList("vm", "memory"), raw, Collections.<String, Object>emptyMap(), recorder);
        assertEquals(Arrays.asList("last_value vm.memory.heap_used 7.0", "last_value vm.memory.heap_used 7.0 byte"),
                updates);
        assertEquals(1, defined.notANumber());
        assertEquals(1, zeroConfig.notANumber());
        assertEquals(0, zeroConfig.dropped());
    }

    @Test
    void zeroConfigIsBounded() {
        MetricIndex index = MetricIndex.of(Collections.<MetricDefinition>emptyList());
        for (int i = 0; i < MetricIndex.MAX_DEFAULT_METRICS + 5; i++) {
            index.dispatch(Arrays.asList("e", Integer.toString(i)), numbers("m", 1),
                    Collections.<String, Object>emptyMap(), recorder);
        }
        assertEquals(MetricIndex.MAX_DEFAULT_METRICS, updates.size());
        assertEquals(5, index.dropped());
    }

}
