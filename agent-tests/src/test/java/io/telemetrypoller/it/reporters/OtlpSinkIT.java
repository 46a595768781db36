package io.telemetrypoller.it.reporters;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The otlp sink in a real JVM, against a receiver that decodes every request with the official schema. */
@Tag("jvm")
class OtlpSinkIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "s3cr3t-Key!";
    private static final String SECRET_ENCODED = "s3cr3t-Key%21";

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            out.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return out;
    }

    private static Metric metric(ResourceMetrics rm, String name) {
        for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    private static void assertSecretNowhere(AgentJvm jvm) throws Exception {
        assertFalse(jvm.stderr().contains(SECRET) || jvm.stdout().contains(SECRET), jvm.describe());
        assertFalse(jvm.stderr().contains(SECRET_ENCODED) || jvm.stdout().contains(SECRET_ENCODED), jvm.describe());
    }

    @Test
    void zeroConfigVmMetricsArriveAsParsableProtobufWithResourceAndHeaders() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + receiver.port() + ",period=300")
                     .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=" + SECRET_ENCODED)
                     .env("OTEL_SERVICE_NAME", "shop")
                     .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=it,service.name=ignored")
                     .example(60).start()) {
            OtlpReceiver.Received r;
            Metric pool;
            do {
                r = receiver.await(TIMEOUT);
                pool = metric(r.request.getResourceMetrics(0), "vm.memory_pool.used");
            } while (pool == null);
            assertEquals("application/x-protobuf", r.header("Content-Type"));
            assertEquals(SECRET, r.header("api-key"));
            ResourceMetrics rm = r.request.getResourceMetrics(0);
            Map<String, String> resource = attributes(rm.getResource().getAttributesList());
            assertEquals("shop", resource.get("service.name"), resource.toString());
            assertEquals("it", resource.get("deployment.environment"), resource.toString());
            assertEquals(Long.toString(jvm.pid()), resource.get("process.pid"), resource.toString());
            assertNotNull(resource.get("service.instance.id"), resource.toString());
            assertNotNull(resource.get("process.runtime.version"), resource.toString());
            assertEquals("telemetry-poller", rm.getScopeMetrics(0).getScope().getName());

            assertEquals(Metric.DataCase.GAUGE, pool.getDataCase());
            assertEquals("By", pool.getUnit());
            Map<String, String> point = attributes(pool.getGauge().getDataPoints(0).getAttributesList());
            assertTrue(point.containsKey("pool") && point.containsKey("type"), point.toString());
            Metric total = metric(rm, "vm.memory.total");
            assertNotNull(total, r.request.toString());
            assertTrue(total.getGauge().getDataPoints(0).getAsDouble() > 0, total.toString());
            assertSecretNowhere(jvm);
        }
    }

    /**
     * otlp_temporality=delta wins over the environment: each export carries the polls since the last one;
     * the config file's otlp_headers win over the environment's, header by header, and are shown nowhere.
     */
    @Test
    void theTemporalityOptionAndTheFilesHeadersWinOverTheEnvironment() throws Exception {
        java.nio.file.Path config = dir.resolve("delta.json");
        java.nio.file.Files.write(config, ("{\"otlp_headers\": {\"api-key\": \"" + SECRET + "\"}, "
                + "\"metrics\": [{\"type\": \"counter\", \"name\": \"vm.memory.polls\", "
                + "\"event_name\": [\"vm\", \"memory\"]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("config=" + config + ",otlp_temporality=delta,sink=otlp://127.0.0.1:"
                     + receiver.port() + ",period=300")
                     .env("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "cumulative")
                     .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=from-env,tenant=shop")
                     .example(60).start()) {
            List<Double> counts = new java.util.ArrayList<>();
            long previousEnd = 0;
            while (counts.size() < 3) {
                OtlpReceiver.Received r = receiver.await(TIMEOUT);
                assertEquals(SECRET, r.header("api-key"));
                assertEquals("shop", r.header("tenant"));
                ResourceMetrics rm = r.request.getResourceMetrics(0);
                Metric polls = metric(rm, "vm.memory.polls");
                if (polls == null) {
                    continue;
                }
                assertEquals(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                        polls.getSum().getAggregationTemporality());
                io.opentelemetry.proto.metrics.v1.NumberDataPoint p = polls.getSum().getDataPoints(0);
                if (previousEnd != 0) {
                    assertEquals(previousEnd, p.getStartTimeUnixNano(), "a delta starts where the last one ended");
                }
                previousEnd = p.getTimeUnixNano();
                counts.add(p.getAsDouble());
            }
            // one poll each 300 ms, exported each 300 ms: a few per export (a point only when there was one),
            // not the running total that cumulative temporality sends
            for (double c : counts) {
                assertTrue(c >= 1 && c <= 10, counts.toString());
            }
            assertSecretNowhere(jvm);
        }
    }

    @Test
    void definedMetricsMapToSumGaugeAndHistogramWithUcumUnits() throws Exception {
        java.nio.file.Path config = dir.resolve("metrics.json");
        java.nio.file.Files.write(config, String.join("\n",
                "{\"tags\": {\"env\": \"it\"}, \"metrics\": [",
                "  {\"type\": \"counter\", \"name\": \"vm.memory.polls\", \"event_name\": [\"vm\", \"memory\"]},",
                "  {\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": [\"byte\", \"megabyte\"]},",
                "  {\"type\": \"distribution\", \"name\": \"vm.memory_pool.used\", \"tags\": [\"pool\"], \"unit\": \"byte\",",
                "   \"reporter_options\": {\"buckets\": [1000000, 100000000]}}",
                "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("config=" + config + ",sink=otlp://127.0.0.1:" + receiver.port()
                     + ",period=300").example(60).start()) {
            ResourceMetrics rm;
            do {
                rm = receiver.await(TIMEOUT).request.getResourceMetrics(0);
            } while (metric(rm, "vm.memory.polls") == null || metric(rm, "vm.memory.total") == null
                    || metric(rm, "vm.memory_pool.used") == null);
            Metric polls = metric(rm, "vm.memory.polls");
            assertEquals(Metric.DataCase.SUM, polls.getDataCase());
            assertTrue(polls.getSum().getIsMonotonic());
            assertEquals(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                    polls.getSum().getAggregationTemporality());
            assertEquals("1", polls.getUnit());
            assertEquals("it", attributes(polls.getSum().getDataPoints(0).getAttributesList()).get("env"));
            Metric total = metric(rm, "vm.memory.total");
            assertEquals(Metric.DataCase.GAUGE, total.getDataCase());
            assertEquals("MBy", total.getUnit());
            Metric used = metric(rm, "vm.memory_pool.used");
            assertEquals(Metric.DataCase.HISTOGRAM, used.getDataCase());
            assertEquals("By", used.getUnit());
            assertEquals(Arrays.asList(1000000.0, 100000000.0), used.getHistogram().getDataPoints(0).getExplicitBoundsList());
            assertEquals(3, used.getHistogram().getDataPoints(0).getBucketCountsCount());
            assertTrue(attributes(used.getHistogram().getDataPoints(0).getAttributesList()).containsKey("pool"));
        }
    }

    @Test
    void serviceUnavailableWithRetryAfterIsRetriedWithTheSameRequest() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> n <= 2
                ? new OtlpReceiver.Answer(503, "0", new byte[0]) : OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + receiver.port() + ",period=300")
                     .example(60).start()) {
            OtlpReceiver.Received first = receiver.await(TIMEOUT);
            OtlpReceiver.Received second = receiver.await(TIMEOUT);
            OtlpReceiver.Received third = receiver.await(TIMEOUT);
            assertArrayEquals(first.body, second.body);
            assertArrayEquals(first.body, third.body);
            receiver.await(TIMEOUT); // and the exports go on
            assertFalse(jvm.stderr().contains("HTTP 503"), jvm.describe());
        }
    }

    @Test
    void aBadRequestAnswerIsReportedOnceAndPartialSuccessCounted() throws Exception {
        byte[] partial = ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess
                .newBuilder().setRejectedDataPoints(3).setErrorMessage("too old")).build().toByteArray();
        try (OtlpReceiver receiver = new OtlpReceiver(n -> n % 2 == 0
                ? new OtlpReceiver.Answer(400, null, new byte[0]) : new OtlpReceiver.Answer(200, null, partial));
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + receiver.port() + ",period=200")
                     .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20" + SECRET_ENCODED)
                     .example(3).start()) {
            for (int i = 0; i < 4; i++) {
                receiver.await(TIMEOUT);
            }
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> lines = jvm.agentLines();
            List<String> badRequest = lines.stream().filter(l -> l.contains("HTTP 400")).collect(Collectors.toList());
            assertEquals(1, badRequest.size(), jvm.describe());
            List<String> rejected = lines.stream().filter(l -> l.contains("partial success")).collect(Collectors.toList());
            assertEquals(Arrays.asList(rejected.get(0)), rejected, jvm.describe());
            assertTrue(rejected.get(0).contains("rejected 3 data points"), rejected.get(0));
            assertSecretNowhere(jvm);
        }
    }

    /**
     * http/json, from the environment (the OTLP exporter specification's variables) or the option (which wins):
     * every request parses with JsonFormat into the same schema, and a JSON partial-success answer is counted.
     */
    @Test
    void httpJsonRequestsParseWithTheOfficialJsonMappingAndItsPartialSuccessIsRead() throws Exception {
        byte[] partial = ("{\"partialSuccess\":{\"rejectedDataPoints\":\"2\",\"errorMessage\":\"too old\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.file.Path config = dir.resolve("json.json");
        java.nio.file.Files.write(config, ("{\"metrics\": [{\"type\": \"distribution\", \"name\": \"vm.gc.pause\", "
                + "\"event_name\": [\"vm\", \"memory\"], \"measurement\": \"total\", \"unit\": \"byte\", "
                + "\"reporter_options\": {\"buckets\": [1000000, 100000000]}}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String[] how : new String[][] {{"OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", ""}, {"OTEL_EXPORTER_OTLP_PROTOCOL",
                ",otlp_protocol=http/json"}}) {
            try (OtlpReceiver receiver = new OtlpReceiver(n -> new OtlpReceiver.Answer(200, null, partial));
                 AgentJvm jvm = AgentJvm.builder().agent("config=" + config + ",sink=otlp://127.0.0.1:" + receiver.port()
                         + ",period=200" + how[1])
                         .env(how[0], how[1].isEmpty() ? "http/json" : "http/protobuf")
                         .example(3).start()) {
                OtlpReceiver.Received r = receiver.await(TIMEOUT);
                assertEquals("application/json", r.header("Content-Type"), jvm.describe());
                assertEquals('{', (char) r.body[0]);
                Metric histogram = metric(r.request.getResourceMetrics(0), "vm.gc.pause");
                assertNotNull(histogram, r.request.toString());
                assertEquals(Arrays.asList(1e6, 1e8), histogram.getHistogram().getDataPoints(0).getExplicitBoundsList());
                assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
                List<String> rejected = jvm.agentLines().stream().filter(l -> l.contains("partial success"))
                        .collect(Collectors.toList());
                assertEquals(1, rejected.size(), jvm.describe());
                assertTrue(rejected.get(0).contains("rejected 2 data points"), rejected.get(0));
            }
        }
    }

    @Test
    void grpcIsRefusedInOneLineAndTheHostRunsOn() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:4318+stdout,period=200")
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").example(2).start()) {
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), 1, TIMEOUT); // the stdout sink goes on
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> refused = jvm.agentLines().stream().filter(l -> l.contains("OTEL_EXPORTER_OTLP_PROTOCOL"))
                    .collect(Collectors.toList());
            assertEquals(1, refused.size(), jvm.describe());
            assertEquals("telemetry-poller: sink otlp://127.0.0.1:4318 not started: invalid OTEL_EXPORTER_OTLP_PROTOCOL "
                    + "'grpc': expected http/protobuf or http/json (this agent sends no gRPC: see docs/reporters.md) "
                    + "(the other sinks go on)", refused.get(0));
        }
    }

    @Test
    void aCollectorAbsentIsReportedOnceAndTheHostRunsOn() throws Exception {
        int port = RealServers.freeTcpPort();
        try (AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + port + "+stdout,period=200")
                .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=" + SECRET_ENCODED).example(3).start()) {
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), 5, TIMEOUT);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> refused = jvm.agentLines().stream().filter(l -> l.contains("cannot connect"))
                    .collect(Collectors.toList());
            assertEquals(1, refused.size(), jvm.describe());
            assertSecretNowhere(jvm);
        }
    }

    /** Load nothing before it is needed: without an otlp sink no class of the sink's package is loaded. */
    @Test
    void withoutAnOtlpSinkNoClassOfItLoads() throws Exception {
        java.nio.file.Path without = dir.resolve("without.log");
        java.nio.file.Path with = dir.resolve("with.log");
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:class+load=info:file=" + without)
                .agent("period=200").example(2).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
        }
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:class+load=info:file=" + with)
                     .agent("period=200,sink=otlp://127.0.0.1:" + receiver.port()).example(2).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
        }
        String otlp = "io.telemetrypoller.sink.otlp.";
        List<String> loaded = java.nio.file.Files.readAllLines(without).stream().filter(l -> l.contains(otlp))
                .collect(Collectors.toList());
        assertEquals(java.util.Collections.emptyList(), loaded);
        assertTrue(java.nio.file.Files.readAllLines(with).stream().anyMatch(l -> l.contains(otlp + "OtlpSink ")),
                "the log names the classes it loads: with the sink, its classes are there");
        assertTrue(java.nio.file.Files.readAllLines(without).stream()
                .anyMatch(l -> l.contains("io.telemetrypoller.Telemetry ")), "the agent ran");
    }

    @Test
    void theLastExportRunsAtExit() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok());
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + receiver.port() + ",period=600000")
                     .example(2).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            OtlpReceiver.Received r = receiver.await(TIMEOUT);
            assertNotNull(metric(r.request.getResourceMetrics(0), "vm.memory.total"), r.request.toString());
        }
    }
}
