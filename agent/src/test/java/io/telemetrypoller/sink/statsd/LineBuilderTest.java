package io.telemetrypoller.sink.statsd;

import static io.telemetrypoller.TestMaps.meta;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exact lines of every metric type in both flavours. */
class LineBuilderTest {
    private static final Map<String, Object> NONE = Collections.emptyMap();
    private static final Map<String, Object> PAUSE = meta("collector", "G1 Young Generation", "cause", "G1 Evacuation Pause");
    private static final Map<String, String> GLOBAL = tags("env", "prod", "collector", "unknown");

    private final StatsdLineBuilder standard = new EtsyLineBuilder(null, Collections.<String, String>emptyMap());
    private final StatsdLineBuilder datadog = new DatadogLineBuilder(null, Collections.<String, String>emptyMap());

    @Test
    void standardTypes() {
        assertEquals("vm.gc.pause.count:1|c", line(standard, Metrics.counter("vm.gc.pause.count").build(), 1, NONE));
        assertEquals("app.io.bytes:+512|g", line(standard, Metrics.sum("app.io.bytes").build(), 512, NONE));
        assertEquals("app.io.bytes:-512|g", line(standard, Metrics.sum("app.io.bytes").build(), -512, NONE));
        assertEquals("app.io.bytes:512|c",
                line(standard, Metrics.sum("app.io.bytes").reportAsCounter().build(), 512, NONE));
        assertEquals("", line(standard, Metrics.sum("app.io.bytes").reportAsCounter().build(), -1, NONE));
        assertEquals("vm.memory.total:49670008|g", line(standard, Metrics.lastValue("vm.memory.total").build(), 49670008, NONE));
        assertEquals("vm.cpu.process_cpu_load:0.25|g",
                line(standard, Metrics.lastValue("vm.cpu.process_cpu_load").build(), 0.25, NONE));
        assertEquals("vm.gc.pause.duration_ms:12|ms",
                line(standard, Metrics.summary("vm.gc.pause.duration_ms").build(), 12, NONE));
        assertEquals("vm.gc.pause.duration_ms:12.5|ms",
                line(standard, Metrics.distribution("vm.gc.pause.duration_ms").build(), 12.5, NONE));
    }

    @Test
    void standardNegativeGaugeIsNotADelta() {
        assertEquals("vm.memory_pool.max:0|g\nvm.memory_pool.max:-5|g",
                line(standard, Metrics.lastValue("vm.memory_pool.max").build(), -5, NONE));
        assertEquals("vm.memory_pool.max.Metaspace:0|g|@0.5\nvm.memory_pool.max.Metaspace:-1|g|@0.5",
                line(standard, Metrics.lastValue("vm.memory_pool.max").tags("pool").samplingRate(0.5).build(), -1,
                        meta("pool", "Metaspace")));
    }

    @Test
    void standardFoldsTagValuesInTagOrder() {
        MetricDefinition m = Metrics.counter("vm.gc.pause.count").eventName("vm", "gc", "pause")
                .tags("cause", "collector").build();
        assertEquals("vm.gc.pause.count.G1_Evacuation_Pause.G1_Young_Generation:1|c", line(standard, m, 1, PAUSE));
        // telemetry_metrics_statsd: a missing tag is the empty string, and the standard format drops empty values
        assertEquals("vm.gc.pause.count.G1_Young_Generation:1|c",
                line(standard, m, 1, meta("collector", "G1 Young Generation")));
    }

    @Test
    void standardPrefixSamplingAndGlobalTagFallback() {
        StatsdLineBuilder b = new EtsyLineBuilder("app", GLOBAL);
        MetricDefinition m = Metrics.summary("vm.gc.pause.duration_ms").tags("collector", "env").samplingRate(0.1).build();
        assertEquals("app.vm.gc.pause.duration_ms.G1_Young_Generation.prod:3|ms|@0.1", line(b, m, 3, PAUSE));
        assertEquals("app.vm.gc.pause.duration_ms.unknown.prod:3|ms|@0.1", line(b, m, 3, NONE));
        assertEquals("app.vm.memory.total:1|g", line(b, Metrics.lastValue("vm.memory.total").build(), 1, NONE),
                "global tags are not folded into names");
    }

    @Test
    void datadogTypes() {
        assertEquals("vm.gc.pause.count:1|c", line(datadog, Metrics.counter("vm.gc.pause.count").build(), 1, NONE));
        assertEquals("app.io.bytes:512|c", line(datadog, Metrics.sum("app.io.bytes").build(), 512, NONE));
        assertEquals("app.io.bytes:-2|c", line(datadog, Metrics.sum("app.io.bytes").build(), -2, NONE));
        assertEquals("vm.memory.total:49670008|g", line(datadog, Metrics.lastValue("vm.memory.total").build(), 49670008, NONE));
        assertEquals("vm.memory_pool.max:-1|g", line(datadog, Metrics.lastValue("vm.memory_pool.max").build(), -1, NONE));
        assertEquals("vm.gc.pause.duration_ms:12|h", line(datadog, Metrics.summary("vm.gc.pause.duration_ms").build(), 12, NONE));
        assertEquals("vm.gc.pause.duration_ms:0.5|d",
                line(datadog, Metrics.distribution("vm.gc.pause.duration_ms").build(), 0.5, NONE));
    }

    @Test
    void datadogTagsMergeGlobalTagsMetadataWinning() {
        StatsdLineBuilder b = new DatadogLineBuilder("app", GLOBAL);
        MetricDefinition m = Metrics.distribution("vm.gc.pause.duration_ms").tags("collector", "cause")
                .samplingRate(0.5).build();
        assertEquals("app.vm.gc.pause.duration_ms:7|d|@0.5|#collector:G1_Young_Generation,cause:G1_Evacuation_Pause,env:prod",
                line(b, m, 7, PAUSE));
        assertEquals("app.vm.gc.pause.duration_ms:7|d|@0.5|#collector:unknown,cause:,env:prod", line(b, m, 7, NONE));
        assertEquals("app.vm.memory.total:1|g|#env:prod,collector:unknown",
                line(b, Metrics.lastValue("vm.memory.total").build(), 1, NONE));
    }

    // telemetry_metrics_statsd formatter tests: nil, empty and structured tag values
    @Test
    void anExplicitNullIsNilAnEmptyValueLeavesNoSegmentAStructuredOneIsUnprocessableForDatadog() {
        MetricDefinition m = Metrics.counter("http.request.count").tags("method", "status").build();
        Map<String, Object> explicitNull = new java.util.HashMap<>();
        explicitNull.put("method", "GET");
        explicitNull.put("status", null);
        assertEquals("http.request.count.GET.nil:1|c", line(standard, m, 1, explicitNull));
        assertEquals("http.request.count:1|c|#method:GET,status:nil", line(datadog, m, 1, explicitNull));
        Map<String, Object> empty = new java.util.HashMap<>();
        empty.put("method", "GET");
        empty.put("status", "");
        assertEquals("http.request.count.GET:1|c", line(standard, m, 1, empty));
        assertEquals("http.request.count:1|c|#method:GET,status:", line(datadog, m, 1, empty));
        assertEquals("http.request.count.GET:1|c", line(standard, m, 1, meta("method", "GET")));
        assertEquals("http.request.count:1|c|#method:GET,status:", line(datadog, m, 1, meta("method", "GET")));
        Map<String, Object> structured = new java.util.HashMap<>();
        structured.put("method", java.util.Arrays.asList("GET", "HEAD"));
        structured.put("status", Collections.singletonMap("code", 200));
        assertEquals("http.request.count:1|c|#method:_unprocessable,status:_unprocessable",
                line(datadog, m, 1, structured));
        structured.put("method", new int[] {1});
        assertEquals("http.request.count:1|c|#method:_unprocessable,status:_unprocessable",
                line(datadog, m, 1, structured));
    }

    @Test
    void unsafeCharactersBecomeUnderscores() {
        MetricDefinition m = Metrics.lastValue("vm.memory_pool.used").tags("pool").build();
        Map<String, Object> meta = meta("pool", "a:b|c@d#e,f g\nh/i.j-k");
        assertEquals("vm.memory_pool.used.a_b_c_d_e_f_g_h/i.j-k:1|g", line(standard, m, 1, meta));
        assertEquals("vm.memory_pool.used:1|g|#pool:a_b_c_d_e_f_g_h/i.j-k", line(datadog, m, 1, meta));
    }

    @Test
    void valuesThatCannotBeSentAreSkipped() {
        MetricDefinition m = Metrics.lastValue("vm.cpu.load").build();
        assertEquals("", line(standard, m, Double.NaN, NONE));
        assertEquals("", line(datadog, m, Double.POSITIVE_INFINITY, NONE));
    }

    @Test
    void numbers() {
        assertEquals("1", number(1.0));
        assertEquals("-3", number(-3.0));
        assertEquals("49.670008", number(49.670008));
        assertEquals("1.0E15", number(1e15));
        assertEquals("1.0E-5", number(0.00001));
    }

    @Test
    void zeroConfigMetricsUseEveryScalarMetadataValue() {
        MetricDefinition m = zeroConfig("vm", "memory_pool", "used");
        Map<String, Object> pool = meta("pool", "G1 Eden Space", "type", "heap");
        assertEquals("vm.memory_pool.used.G1_Eden_Space.heap:4194304|g", line(standard, m, 4194304, pool));
        assertEquals("vm.memory_pool.used:4194304|g|#pool:G1_Eden_Space,type:heap", line(datadog, m, 4194304, pool));
    }

    static MetricDefinition zeroConfig(String... eventAndMeasurement) {
        java.util.List<MetricDefinition> seen = new java.util.ArrayList<>();
        io.telemetrypoller.metrics.MetricIndex.of(Collections.<MetricDefinition>emptyList()).dispatch(
                java.util.Arrays.asList(eventAndMeasurement).subList(0, eventAndMeasurement.length - 1),
                Collections.singletonMap(eventAndMeasurement[eventAndMeasurement.length - 1], 1),
                Collections.<String, Object>emptyMap(), (metric, v, meta) -> seen.add(metric));
        return seen.get(0);
    }

    private static String number(double v) {
        StringBuilder sb = new StringBuilder();
        StatsdText.appendNumber(sb, v);
        return sb.toString();
    }

    private static String line(StatsdLineBuilder b, MetricDefinition m, double v, Map<String, ?> meta) {
        StringBuilder sb = new StringBuilder();
        boolean appended = b.append(sb, m, v, meta);
        assertEquals(appended, sb.length() > 0);
        return sb.toString();
    }


    static Map<String, String> tags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
