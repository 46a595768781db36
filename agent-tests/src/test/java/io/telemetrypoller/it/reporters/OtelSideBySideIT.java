package io.telemetrypoller.it.reporters;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The yardstick for {@code naming=otel}: the OpenTelemetry Java agent (from Maven Central) and ours,
 * each exporting OTLP from the example application to a receiver that decodes with the official schema.
 * For every jvm.* metric the OpenTelemetry agent sends, ours has the same name, unit, data type and
 * attribute keys; the differences are listed in docs/reporters.md with their reasons.
 */
@Tag("jvm")
class OtelSideBySideIT {
    static final Path OTEL_AGENT = Paths.get(System.getProperty("otel.agent.jar", "target/otel-agent/opentelemetry-javaagent.jar"))
            .toAbsolutePath();

    /**
     * What the OpenTelemetry agent sends that ours does not send alike, each with its reason (the same
     * table is in docs/reporters.md): anything else it sends, ours sends with the same name, unit, data
     * type, temporality and attribute keys.
     */
    static final Map<String, String> DIFFERENCES = new TreeMap<>();

    static {
        DIFFERENCES.put("jvm.buffer.count", "not sent: the memory measurement reads the buffer pools' bytes only");
        DIFFERENCES.put("jvm.buffer.memory.limit", "not sent: the memory measurement reads the buffer pools' bytes only");
        DIFFERENCES.put("jvm.memory.init", "not sent: a pool's initial size does not change, not measured");
        DIFFERENCES.put("jvm.system.cpu.utilization", "not sent: the cpu measurement reads the process's load, not the system's");
    }

    @Test
    void everyJvmMetricOfTheOpenTelemetryAgentHasOursAlike() throws Exception {
        assertTrue(Files.isRegularFile(OTEL_AGENT), "the OpenTelemetry Java agent at " + OTEL_AGENT);
        Map<String, String> theirs = shapes(runOtelAgent());
        Map<String, String> ours = shapes(runOurs());
        Map<String, String> differing = new TreeMap<>();
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            String mine = ours.get(e.getKey());
            if (!e.getValue().equals(mine)) {
                differing.put(e.getKey(), "theirs " + e.getValue() + ", ours " + mine);
            }
        }
        assertEquals(DIFFERENCES.keySet(), differing.keySet(), "differences from the OpenTelemetry agent: " + differing
                + "\ntheirs " + theirs + "\nours " + ours);
        assertEquals("{thread} Sum(up-down) AGGREGATION_TEMPORALITY_CUMULATIVE [jvm.thread.daemon, jvm.thread.state]",
                ours.get("jvm.thread.count"));
        assertTrue(theirs.size() >= 12, "the stable JVM metrics and more: " + theirs);
    }

    /**
     * The same on Prometheus: the OpenTelemetry agent's Prometheus exporter and our Prometheus sink with
     * naming=otel, each scraped while the example runs. Every jvm_ family it exposes, ours exposes with
     * the same name, type and label keys (its otel_scope_* labels aside), but for the listed differences
     * under their Prometheus names.
     */
    @Test
    void everyJvmFamilyOfItsPrometheusExporterHasOursAlike() throws Exception {
        assertTrue(Files.isRegularFile(OTEL_AGENT), "the OpenTelemetry Java agent at " + OTEL_AGENT);
        int theirPort = RealServers.freeTcpPort();
        Map<String, String> theirs;
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-javaagent:" + OTEL_AGENT)
                .jvmArg("-Dotel.metrics.exporter=prometheus").jvmArg("-Dotel.exporter.prometheus.host=127.0.0.1")
                .jvmArg("-Dotel.exporter.prometheus.port=" + theirPort)
                .jvmArg("-Dotel.traces.exporter=none").jvmArg("-Dotel.logs.exporter=none")
                .jvmArg("-Dotel.metric.export.interval=500").jvmArg("-Dotel.javaagent.logging=none")
                .jvmArg("-Dotel.instrumentation.runtime-telemetry.emit-experimental-telemetry=true")
                .example(30).start()) {
            theirs = families(scrapeWhen(jvm, theirPort, "jvm_memory_used_bytes{", "jvm_class_loaded_total", "jvm_cpu_time_seconds_total",
                    "jvm_thread_count{", "jvm_buffer_count{", "jvm_system_cpu_utilization_ratio", "jvm_memory_init_bytes{"));
        }
        int ourPort = RealServers.freeTcpPort();
        Map<String, String> ours;
        try (AgentJvm jvm = AgentJvm.builder().agent("period=500,measurements=memory+total_run_queue_lengths"
                + "+system_counts+thread_states+gc+cpu,naming=otel,sink=prometheus://127.0.0.1:" + ourPort).example(30).start()) {
            ours = families(scrapeWhen(jvm, ourPort, "jvm_memory_used_bytes{", "jvm_class_loaded_total", "jvm_cpu_time_seconds_total",
                    "jvm_thread_count{", "jvm_buffer_memory_usage_bytes{", "jvm_system_cpu_load_1m"));
        }
        Map<String, String> differing = new TreeMap<>();
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            if (e.getKey().equals("jvm_gc_duration_seconds") && !ours.containsKey(e.getKey())) {
                continue; // a collection came in their run only: nothing to compare
            }
            if (!e.getValue().equals(ours.get(e.getKey()))) {
                differing.put(e.getKey(), "theirs " + e.getValue() + ", ours " + ours.get(e.getKey()));
            }
        }
        assertEquals(new TreeSet<>(java.util.Arrays.asList("jvm_buffer_count", "jvm_buffer_memory_limit_bytes",
                "jvm_memory_init_bytes", "jvm_system_cpu_utilization_ratio")), differing.keySet(),
                "differences from the OpenTelemetry agent's Prometheus exporter: " + differing + "\ntheirs " + theirs + "\nours " + ours);
        assertEquals("gauge [jvm_thread_daemon, jvm_thread_state]", ours.get("jvm_thread_count"));
    }

    /** Scrapes /metrics until the JVM answers with every one of {@code expected}. */
    private static String scrapeWhen(AgentJvm jvm, int port, String... expected) throws Exception {
        return RealServers.await("a scrape with " + java.util.Arrays.toString(expected), Duration.ofSeconds(25), () -> {
            if (!jvm.process().isAlive()) {
                throw new AssertionError("the JVM exited: " + jvm.describe());
            }
            java.net.http.HttpResponse<String> r;
            try {
                r = PrometheusServer.get("http://127.0.0.1:" + port + "/metrics");
            } catch (java.io.IOException notYet) {
                return null;
            }
            for (String e : expected) {
                if (r.statusCode() != 200 || !r.body().contains(e)) {
                    return null;
                }
            }
            return r.body();
        });
    }

    /** jvm_ family name -> "type [label keys]" (le and otel_scope_* left out), from the # TYPE lines and samples. */
    static Map<String, String> families(String text) {
        Map<String, String> types = new TreeMap<>();
        Map<String, TreeSet<String>> labels = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE jvm_")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
                labels.put(parts[2], new TreeSet<>());
            }
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith("jvm_")) {
                continue;
            }
            int brace = line.indexOf('{');
            String sample = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            String family = null;
            for (String f : types.keySet()) {
                if (sample.equals(f) || (sample.startsWith(f) && sample.substring(f.length()).matches("_(bucket|sum|count|total|created)"))) {
                    family = f;
                }
            }
            if (family == null || brace < 0) {
                continue;
            }
            for (String kv : line.substring(brace + 1, line.lastIndexOf('}')).split(",(?=[a-zA-Z_]+=\")")) {
                String key = kv.substring(0, kv.indexOf('='));
                if (!key.equals("le") && !key.startsWith("otel_scope_")) {
                    labels.get(family).add(key);
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : types.entrySet()) {
            out.put(e.getKey(), e.getValue() + " " + labels.get(e.getKey()));
        }
        return out;
    }

    /** The example application for a few seconds under our agent with naming=otel; its requests. */
    static List<OtlpReceiver.Received> runOurs() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("period=500,measurements=memory+total_run_queue_lengths+system_counts+thread_states+gc+cpu,naming=otel,sink=otlp://127.0.0.1:" + receiver.port())
                     .example(6).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(90)), jvm.describe());
            return receiver.drain();
        }
    }

    /** The example application for a few seconds under the OpenTelemetry Java agent; its requests. */
    static List<OtlpReceiver.Received> runOtelAgent() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder()
                     .jvmArg("-javaagent:" + OTEL_AGENT)
                     .jvmArg("-Dotel.metrics.exporter=otlp").jvmArg("-Dotel.exporter.otlp.protocol=http/protobuf")
                     .jvmArg("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + receiver.port())
                     .jvmArg("-Dotel.traces.exporter=none").jvmArg("-Dotel.logs.exporter=none")
                     .jvmArg("-Dotel.metric.export.interval=1000").jvmArg("-Dotel.javaagent.logging=none")
                     .jvmArg("-Dotel.instrumentation.runtime-telemetry.emit-experimental-telemetry=true")
                     .example(6).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(90)), jvm.describe());
            return receiver.drain();
        }
    }

    /** name -> "unit type [attribute keys]" of every jvm.* metric in these requests. */
    static Map<String, String> shapes(List<OtlpReceiver.Received> requests) {
        Map<String, String> out = new TreeMap<>();
        for (OtlpReceiver.Received r : requests) {
            for (ResourceMetrics rm : r.request.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        if (m.getName().startsWith("jvm.")) {
                            out.merge(m.getName(), shape(m), (a, b) -> a.equals(b) ? a : a + " | " + b);
                        }
                    }
                }
            }
        }
        return out;
    }

    static String shape(Metric m) {
        TreeSet<String> keys = new TreeSet<>();
        String type;
        switch (m.getDataCase()) {
            case GAUGE:
                type = "Gauge";
                m.getGauge().getDataPointsList().forEach(p -> p.getAttributesList().forEach(a -> keys.add(a.getKey())));
                break;
            case SUM:
                type = (m.getSum().getIsMonotonic() ? "Sum(monotonic)" : "Sum(up-down)") + " " + m.getSum().getAggregationTemporality();
                m.getSum().getDataPointsList().forEach(p -> p.getAttributesList().forEach(a -> keys.add(a.getKey())));
                break;
            case HISTOGRAM:
                type = "Histogram " + m.getHistogram().getAggregationTemporality();
                m.getHistogram().getDataPointsList().forEach(p -> p.getAttributesList().forEach(a -> keys.add(a.getKey())));
                break;
            default:
                type = m.getDataCase().toString();
        }
        return m.getUnit() + " " + type + " " + keys;
    }
}
