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
        DIFFERENCES.put("jvm.thread.count", "ours without jvm.thread.state: a thread's state needs getThreadInfo of"
                + " every thread each poll, not measured yet");
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
        assertEquals("{thread} Sum(up-down) AGGREGATION_TEMPORALITY_CUMULATIVE [jvm.thread.daemon]", ours.get("jvm.thread.count"));
        assertTrue(theirs.size() >= 12, "the stable JVM metrics and more: " + theirs);
    }

    /** The example application for a few seconds under our agent with naming=otel; its requests. */
    static List<OtlpReceiver.Received> runOurs() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("period=500,measurements=memory+total_run_queue_lengths+system_counts+gc+cpu,naming=otel,sink=otlp://127.0.0.1:" + receiver.port())
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
