package io.telemetrypoller.metrics;

import static io.telemetrypoller.TestMaps.meta;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricDefinitionTest {
    @Test
    void nameGivesEventAndMeasurement() {
        MetricDefinition m = Metrics.lastValue("vm.memory.total").build();
        assertEquals(MetricType.LAST_VALUE, m.type());
        assertEquals(Arrays.asList("vm", "memory"), m.eventName());
        assertEquals("total", m.measurement());
        assertEquals(Collections.emptyList(), m.tags());
        assertNull(m.unit());
        assertEquals(1.0, m.samplingRate());
    }

    @Test
    void explicitEventNameAndMeasurement() {
        MetricDefinition m = Metrics.counter("gc.pauses").eventName("vm", "gc", "pause").measurement("duration_ms")
                .tags("collector", "cause").build();
        assertEquals(Arrays.asList("vm", "gc", "pause"), m.eventName());
        assertEquals("duration_ms", m.measurement());
        assertEquals(Arrays.asList("collector", "cause"), m.tags());
        assertArrayEquals(new String[] {"collector", "cause"}, m.tagKeys(Collections.<String, Object>emptyMap()));
    }

    @Test
    void bytesConvertDecimally() {
        assertEquals(49670.008, Metrics.lastValue("vm.memory.total").unit("byte", "kilobyte").build().convert(49670008));
        assertEquals(49.670008, Metrics.lastValue("vm.memory.total").unit("byte", "megabyte").build().convert(49670008));
        assertEquals(1.5, Metrics.lastValue("vm.memory.total").unit("byte", "gigabyte").build().convert(1.5e9));
        assertEquals(2048.0, Metrics.lastValue("vm.memory.total").unit("kilobyte", "byte").build().convert(2.048));
        assertEquals(7.0, Metrics.lastValue("vm.memory.total").unit("byte").build().convert(7));
    }

    @Test
    void timeConvertsExactly() {
        assertEquals(1.5, Metrics.summary("a.b").unit("millisecond", "second").build().convert(1500));
        assertEquals(12.345678, Metrics.summary("a.b").unit("native", "millisecond").build().convert(12_345_678));
        assertEquals(0.001, Metrics.summary("a.b").unit("microsecond", "second").build().convert(1000));
        assertEquals(3000.0, Metrics.summary("a.b").unit("second", "millisecond").build().convert(3));
        assertEquals(Unit.NANOSECOND, Unit.find("native"));
    }

    @Test
    void aCounterCountsWhateverItsUnit() {
        MetricDefinition m = Metrics.counter("vm.memory.polls").unit("byte", "kilobyte").build();
        assertEquals(1.0, m.convert(1));
        assertEquals(1.0, m.inBaseUnits(1));
    }

    @Test
    void inBaseUnitsConvertsInOneStep() {
        MetricDefinition m = Metrics.distribution("app.job.stop.duration").unit("native", "millisecond").build();
        assertEquals(4e-9, m.inBaseUnits(4));
        assertEquals(4e-6, m.convert(4));
        assertEquals(49670008.0, Metrics.lastValue("vm.memory.total").unit("byte", "megabyte").build().inBaseUnits(49670008));
    }

    @Test
    void customUnitIsKeptAndUnitMeansNone() {
        MetricDefinition m = Metrics.sum("http.requests.count").unit("request").build();
        assertEquals("request", m.unit());
        assertNull(m.knownUnit());
        assertNull(Metrics.sum("http.requests.count").unit("unit").build().unit());
    }

    @Test
    void keepAndDropFilterOnMetadata() {
        MetricDefinition keep = Metrics.lastValue("vm.memory_pool.used").keepIf("type", "heap").build();
        MetricDefinition drop = Metrics.lastValue("vm.memory_pool.used").dropIf("pool", "Metaspace").build();
        Map<String, Object> heap = meta("pool", "G1 Eden Space", "type", "heap");
        Map<String, Object> meta = meta("pool", "Metaspace", "type", "non_heap");
        assertTrue(keep.keeps(heap));
        assertFalse(keep.keeps(meta));
        assertTrue(drop.keeps(heap));
        assertFalse(drop.keeps(meta));
        assertFalse(keep.keeps(Collections.<String, Object>emptyMap()), "an absent key matches nothing");
        assertTrue(Metrics.lastValue("a.b").keep(m -> m.containsKey("x")).build().keeps(meta("x", 1)));
    }

    @Test
    void reporterOptions() {
        MetricDefinition m = Metrics.distribution("a.b").buckets(1, 10, 100).samplingRate(0.25).build();
        assertArrayEquals(new double[] {1, 10, 100}, m.buckets());
        assertEquals(0.25, m.samplingRate());
        assertTrue(Metrics.sum("a.b").reportAsCounter().build().reportAsCounter());
    }

    @Test
    void invalidDefinitionsNameTheMetric() {
        assertMessage("metric 'vm': name needs an event and a measurement (e.g. vm.memory.total), or give event_name",
                () -> Metrics.lastValue("vm"));
        assertMessage("metric 'vm..total': name must be dot-separated words of letters, digits, '_' or '-'",
                () -> Metrics.lastValue("vm..total"));
        assertMessage("metric 'vm.memory.total': cannot convert byte to second",
                () -> Metrics.lastValue("vm.memory.total").unit("byte", "second"));
        assertMessage("metric 'vm.memory.total': unit parsec! is not a unit (byte, kilobyte, megabyte, gigabyte,"
                + " native, nanosecond, microsecond, millisecond, second, 1 for a ratio, or a lowercase word such as request)",
                () -> Metrics.lastValue("vm.memory.total").unit("parsec!"));
        assertMessage("metric 'a.b': cannot have both keep and drop",
                () -> Metrics.lastValue("a.b").keepIf("k", "v").dropIf("k", "w"));
        assertMessage("metric 'a.b': buckets must increase: 5.0 follows 10.0",
                () -> Metrics.distribution("a.b").buckets(1, 10, 5));
        assertMessage("metric 'a.b': buckets are for summary and distribution metrics only",
                () -> Metrics.lastValue("a.b").buckets(1));
        assertMessage("metric 'a.b': sampling_rate must be more than 0 and at most 1",
                () -> Metrics.counter("a.b").samplingRate(0));
        assertMessage("metric 'a.b': report_as counter is for sum metrics only",
                () -> Metrics.counter("a.b").reportAsCounter());
        assertMessage("metric 'a.b': tag pool is listed twice", () -> Metrics.counter("a.b").tags("pool", "pool"));
    }

    @Test
    void zeroConfigDefaultsTakeScalarMetadataSorted() {
        MetricDefinition m = MetricDefinition.defaultFor(Arrays.asList("vm", "memory_pool"), "used", "byte");
        assertEquals("vm.memory_pool.used", m.name());
        assertTrue(m.metadataAsTags());
        Map<String, Object> meta = meta("type", "heap", "pool", "G1 Eden Space", "list", Arrays.asList(1, 2),
                "telemetry_span_context", 7L, "n", 3);
        assertArrayEquals(new String[] {"n", "pool", "type"}, m.tagKeys(meta));
        assertEquals("my_app.G1_Young_Generation.a_b", MetricDefinition.defaultFor(
                Arrays.asList("my app", "G1 Young Generation"), "a:b", null).name());
    }

    private static void assertMessage(String expected, Supplier<MetricDefinition.Builder> b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.get().build());
        assertEquals(expected, e.getMessage());
    }

}
