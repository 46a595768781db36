package io.telemetrypoller.config;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricType;

import static io.telemetrypoller.TestMaps.meta;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsParserTest {
    @TempDir
    File dir;

    @Test
    void readsEveryField() throws Exception {
        List<MetricDefinition> metrics = parse(
                "{\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": [\"byte\", \"megabyte\"],",
                "  \"description\": \"Memory the JVM has\"},",
                "{\"type\": \"last_value\", \"name\": \"vm.memory_pool.used\", \"tags\": [\"pool\"], \"unit\": \"byte\",",
                "  \"keep\": {\"type\": \"heap\"}},",
                "{\"type\": \"counter\", \"name\": \"gc.pauses\", \"event_name\": [\"vm\", \"gc\", \"pause\"],",
                "  \"tags\": [\"collector\"], \"drop\": {\"cause\": [\"System.gc()\"]}},",
                "{\"type\": \"sum\", \"name\": \"app.bytes\", \"event_name\": \"app.io\", \"measurement\": \"n\",",
                "  \"reporter_options\": {\"report_as\": \"counter\"}},",
                "{\"type\": \"distribution\", \"name\": \"vm.gc.pause.duration_ms\", \"unit\": \"millisecond\",",
                "  \"reporter_options\": {\"buckets\": [1, 10.5, 100], \"sampling_rate\": 0.5}},",
                "{\"type\": \"summary\", \"name\": \"vm.gc.pause.duration_ms\"}");
        assertEquals(6, metrics.size());
        MetricDefinition total = metrics.get(0);
        assertEquals("vm.memory.total", total.name());
        assertEquals("megabyte", total.unit());
        assertEquals("byte", total.measurementUnit());
        assertEquals("Memory the JVM has", total.description());
        MetricDefinition pool = metrics.get(1);
        assertEquals(Arrays.asList("pool"), pool.tags());
        assertTrue(pool.keeps(meta("type", "heap")));
        assertFalse(pool.keeps(meta("type", "non_heap")));
        MetricDefinition pauses = metrics.get(2);
        assertEquals(MetricType.COUNTER, pauses.type());
        assertEquals(Arrays.asList("vm", "gc", "pause"), pauses.eventName());
        assertFalse(pauses.keeps(meta("cause", "System.gc()")));
        MetricDefinition bytes = metrics.get(3);
        assertEquals(Arrays.asList("app", "io"), bytes.eventName());
        assertEquals("n", bytes.measurement());
        assertTrue(bytes.reportAsCounter());
        MetricDefinition dist = metrics.get(4);
        assertArrayEquals(new double[] {1, 10.5, 100}, dist.buckets());
        assertEquals(0.5, dist.samplingRate());
        assertNull(metrics.get(5).buckets());
    }

    @Test
    void errorsNameLineFieldAndMetric() {
        assertError("line 4: metrics[0].unit: metric 'vm.memory.total': cannot convert byte to second",
                "{\"type\": \"last_value\", \"name\": \"vm.memory.total\",", "\"unit\": [\"byte\", \"second\"]}");
        assertError("line 4: metrics[0].type: metric 'vm.memory.total': unknown type gauge"
                        + " (expected counter, sum, last_value, summary or distribution)",
                "{\"name\": \"vm.memory.total\",", "\"type\": \"gauge\"}");
        assertError("line 4: metrics[1]: metric 'a.b': cannot have both keep and drop",
                "{\"type\": \"counter\", \"name\": \"a.c\"},",
                "{\"type\": \"counter\", \"name\": \"a.b\", \"keep\": {\"k\": \"v\"}, \"drop\": {\"k\": \"w\"}}");
        assertError("line 3: metrics[0].colour: metric 'a.b': unknown field (expected one of type, name, event_name,"
                        + " measurement, tags, unit, keep, drop, description, reporter_options)",
                "{\"type\": \"counter\", \"name\": \"a.b\", \"colour\": 1}");
        assertError("line 3: metrics[0]: a metric needs a name, e.g. \"name\": \"vm.memory.total\"",
                "{\"type\": \"counter\"}");
        assertError("line 3: metrics[0].reporter_options.buckets: metric 'a.b': buckets must increase: 1.0 follows 2.0",
                "{\"type\": \"summary\", \"name\": \"a.b\", \"reporter_options\": {\"buckets\": [2, 1]}}");
        assertError("line 3: metrics[0].reporter_options.colour: metric 'a.b': unknown reporter option"
                        + " (expected one of buckets, sampling_rate, report_as)",
                "{\"type\": \"summary\", \"name\": \"a.b\", \"reporter_options\": {\"colour\": 1}}");
    }

    /** Bad definitions are rejected as the options are parsed, with the config file named first. */
    private void assertError(String expected, String... lines) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(lines));
        assertEquals("invalid config '" + new File(dir, "telemetry.json").getPath() + "': " + expected, e.getMessage());
    }

    private List<MetricDefinition> parse(String... lines) throws IOException, ConfigException {
        File file = new File(dir, "telemetry.json");
        String text = "{\n\"metrics\": [\n" + String.join("\n", lines) + "\n]}\n";
        Files.write(file.toPath(), text.getBytes(StandardCharsets.UTF_8));
        AgentConfig config = ConfigParser.parse("config=" + file.getPath());
        return config.metrics();
    }
}
