package io.telemetrypoller.it.reporters;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's /metrics endpoint: valid for promtool, scraped by a real Prometheus, and a port in use. */
@Tag("jvm")
class PrometheusReporterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheScrapeAndPrometheusAnswersPromql() throws Exception {
        String promtool = RealServers.promtool();
        RealServers.prometheus();
        int port = RealServers.freeTcpPort();
        try (AgentJvm jvm = AgentJvm.builder().agent("sink=prometheus://127.0.0.1:" + port + ",period=500,"
                + "measurements=memory+total_run_queue_lengths+system_counts+gc+cpu").example(60).start()) {
            String text = scrapeWhen(jvm, port, "vm_memory_total_bytes ", "vm_memory_pool_used_bytes{",
                    "vm_system_counts_thread_count_value ", "vm_cpu_process_cpu_load ");
            assertTrue(text.contains("# TYPE vm_memory_total_bytes gauge\n"), text);
            assertTrue(text.contains("vm_memory_pool_used_bytes{pool="), text);
            promtoolCheck(promtool, text);

            try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + port)) {
                JsonNode result = RealServers.await("Prometheus to answer vm_memory_total_bytes", TIMEOUT, () -> {
                    JsonNode r = prometheus.query("vm_memory_total_bytes");
                    return r.size() > 0 ? r : null;
                });
                double value = Double.parseDouble(result.get(0).path("value").get(1).asText());
                assertTrue(value > 0, result.toString());
                assertEquals("telemetry-poller", result.get(0).path("metric").path("job").asText(), result.toString());
            }
        }
    }

    @Test
    void promtoolAcceptsEveryMetricType() throws Exception {
        String promtool = RealServers.promtool();
        int port = RealServers.freeTcpPort();
        Path config = dir.resolve("metrics.json");
        Files.write(config, String.join("\n",
                "{\"tags\": {\"env\": \"it\"}, \"metrics\": [",
                "  {\"type\": \"counter\", \"name\": \"vm.memory.polls\", \"event_name\": [\"vm\", \"memory\"],",
                "   \"description\": \"Polls of memory\"},",
                "  {\"type\": \"sum\", \"name\": \"app.threads\", \"event_name\": \"vm.system_counts\", \"measurement\": \"thread_count\"},",
                "  {\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": [\"byte\", \"megabyte\"]},",
                "  {\"type\": \"last_value\", \"name\": \"vm.memory_pool.used\", \"tags\": [\"pool\", \"type\"], \"unit\": \"byte\"},",
                "  {\"type\": \"summary\", \"name\": \"vm.memory_pool.committed\", \"tags\": [\"pool\"], \"unit\": \"byte\",",
                "   \"reporter_options\": {\"buckets\": [1000000, 100000000]}},",
                "  {\"type\": \"distribution\", \"name\": \"vm.total_run_queue_lengths.total\"}",
                "]}").getBytes(StandardCharsets.UTF_8));
        try (AgentJvm jvm = AgentJvm.builder().agent("config=" + config + ",sink=prometheus://127.0.0.1:" + port
                + ",period=300").example(60).start()) {
            String[] families = {"vm_memory_polls_total counter", "app_threads_total counter",
                "vm_memory_total_bytes gauge", "vm_memory_pool_used_bytes gauge",
                "vm_memory_pool_committed_bytes histogram", "vm_total_run_queue_lengths_total_value histogram"};
            String[] expected = new String[families.length];
            for (int i = 0; i < families.length; i++) {
                expected[i] = "# TYPE " + families[i] + "\n";
            }
            String text = scrapeWhen(jvm, port, expected);
            assertTrue(text.contains("# HELP vm_memory_polls_total Polls of memory\n"), text);
            assertTrue(text.contains("vm_memory_pool_committed_bytes_bucket{pool=\""), text);
            promtoolCheck(promtool, text);
        }
    }

    @Test
    void aPortInUseCostsOnlyThatSink() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             AgentJvm jvm = AgentJvm.builder().agent("sink=prometheus://127.0.0.1:" + taken.getLocalPort()
                     + "+stdout,period=300").example(3).start()) {
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), 2, TIMEOUT);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> about = jvm.agentLines().stream()
                    .filter(l -> l.contains("prometheus://127.0.0.1:" + taken.getLocalPort()) && !l.contains("started: poller"))
                    .collect(java.util.stream.Collectors.toList());
            assertEquals(1, about.size(), jvm.describe());
            assertTrue(about.get(0).contains("not started") && about.get(0).contains("cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()), about.get(0));
        }
    }

    /**
     * What cannot be an HTTP/1.x request (a TLS ClientHello from a scraper set to https, binary bytes, an
     * HTTP/0.9 line) is answered 400 and closed at once, not held until the 2-minute idle timeout: the
     * read timeout here (20 s) is far below it, so the old behaviour fails with a timeout.
     */
    @Test
    void whatIsNotHttpIsAnswered400AtOnce() throws Exception {
        int port = RealServers.freeTcpPort();
        try (AgentJvm jvm = AgentJvm.builder().agent("sink=prometheus://127.0.0.1:" + port + ",period=300")
                .example(60).start()) {
            scrapeWhen(jvm, port, "vm_memory_total_bytes ");
            javax.net.ssl.SSLSocketFactory tls = javax.net.ssl.SSLContext.getDefault().getSocketFactory();
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                javax.net.ssl.SSLException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        javax.net.ssl.SSLException.class, socket::startHandshake);
                assertTrue(!(refused.getCause() instanceof java.net.SocketTimeoutException), refused.toString());
            }
            byte[][] requests = {
                {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03}, // a ClientHello's start
                {0x00, (byte) 0xff, 0x7f, 0x10, 0x02},
                "GET /metrics\r\n".getBytes(StandardCharsets.US_ASCII),
            };
            for (byte[] request : requests) {
                String answer = exchange(port, request);
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.endsWith("\r\n\r\nnot an HTTP/1.x request\n"), answer);
            }
            scrapeWhen(jvm, port, "vm_memory_total_bytes ");
        }
    }

    /** Sends {@code request} and reads the answer to the server's end of stream. */
    private static String exchange(int port, byte[] request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
                answer.write(buf, 0, n);
            }
            return new String(answer.toByteArray(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Scrapes /metrics until the text contains every one of {@code expected}. */
    private static String scrapeWhen(AgentJvm jvm, int port, String... expected) throws Exception {
        return RealServers.await("a scrape with " + java.util.Arrays.toString(expected), TIMEOUT, () -> {
            if (!jvm.process().isAlive()) {
                throw new AssertionError("the JVM exited: " + jvm.describe());
            }
            HttpResponse<String> r = PrometheusServer.get("http://127.0.0.1:" + port + "/metrics");
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            if (r.statusCode() != 200) {
                return null;
            }
            for (String e : expected) {
                if (!r.body().contains(e)) {
                    return null;
                }
            }
            return r.body();
        });
    }

    private static void promtoolCheck(String promtool, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\non:\n" + text);
    }
}
