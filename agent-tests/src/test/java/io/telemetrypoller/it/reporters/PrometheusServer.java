package io.telemetrypoller.it.reporters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real Prometheus server on a free loopback port, scraping one target every second. */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    private final Process process;
    private final Path log;

    private PrometheusServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static PrometheusServer scraping(String target) throws Exception {
        String binary = RealServers.prometheus();
        int port = RealServers.freeTcpPort();
        Path dir = Files.createTempDirectory("prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.write(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: telemetry-poller",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                "").getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(port, p, log);
        try {
            RealServers.await("Prometheus to be ready on port " + port, Duration.ofSeconds(30), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("prometheus exited: " + server.log());
                }
                return get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200 ? Boolean.TRUE : null;
            });
        } catch (Throwable t) {
            server.close();
            throw t;
        }
        return server;
    }

    /** The whole answer of an instant PromQL query ({@code status}, {@code data}, {@code error}). */
    JsonNode queryAnswer(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    /** The {@code data.result} array of an instant PromQL query. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JSON.readTree(r.body()).path("data").path("result");
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String log() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
