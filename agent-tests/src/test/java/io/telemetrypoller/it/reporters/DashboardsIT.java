package io.telemetrypoller.it.reporters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboards in dashboards/, checked against a real Prometheus scraping the agent on the example
 * application (workers and executors on): every panel's PromQL, with $job and $instance substituted, must be
 * valid and return at least one series; byte and time panels must say so in their unit. A dashboard that
 * cannot be checked this way does not ship.
 */
@Tag("jvm")
class DashboardsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyPanelQueryIsValidAndReturnsSeries() throws Exception {
        File[] files = Paths.get("..", "dashboards").toFile().listFiles((d, n) -> n.endsWith(".json") && !n.endsWith("-otel.json"));
        assertTrue(files != null && files.length >= 2, "dashboards/ with the JVM overview and the workers dashboard");
        check(files, "");
    }

    /** The overview for naming=otel (the OpenTelemetry names), against an agent serving them. */
    @Test
    void theOtelOverviewsQueriesAreValidAndReturnSeries() throws Exception {
        File[] files = Paths.get("..", "dashboards").toFile().listFiles((d, n) -> n.endsWith("-otel.json"));
        assertTrue(files != null && files.length >= 1, "dashboards/jvm-overview-otel.json");
        check(files, "naming=otel,");
    }

    private static void check(File[] files, String naming) throws Exception {
        Arrays.sort(files);
        int port = RealServers.freeTcpPort();
        String instance = "127.0.0.1:" + port;
        try (AgentJvm jvm = AgentJvm.builder().agent(naming + "sink=prometheus://" + instance + ",period=500,"
                + "measurements=memory+total_run_queue_lengths+system_counts+gc+cpu,executors=true,"
                + "workers=io.telemetrypoller.example.OrderWorker+io.telemetrypoller.example.Mailer").example(120).start();
             PrometheusServer prometheus = PrometheusServer.scraping(instance)) {
            Map<String, String> failures = new LinkedHashMap<>();
            for (File f : files) {
                JsonNode d = JSON.readTree(f);
                assertEquals(Arrays.asList("datasource", "job", "instance"), names(d.path("templating").path("list")), f.getName());
                for (JsonNode panel : d.path("panels")) {
                    String unit = panel.path("fieldConfig").path("defaults").path("unit").asText("");
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asText();
                        if (expr.contains("_bytes{") && !expr.startsWith("rate(")) {
                            assertEquals("bytes", unit, f.getName() + " " + panel.path("title").asText());
                        }
                        String promql = expr.replace("$job", "telemetry-poller").replace("$instance", instance);
                        String problem = RealServers.await("Prometheus to answer " + promql, TIMEOUT, () -> {
                            if (!jvm.process().isAlive()) {
                                throw new AssertionError("the example exited: " + jvm.describe());
                            }
                            JsonNode answer = prometheus.queryAnswer(promql);
                            if (!"success".equals(answer.path("status").asText())) {
                                return "invalid: " + answer; // an invalid expression does not get valid by waiting
                            }
                            return answer.path("data").path("result").size() > 0 ? "" : null;
                        });
                        if (!problem.isEmpty()) {
                            failures.put(f.getName() + " / " + panel.path("title").asText() + " / " + expr, problem);
                        }
                    }
                }
                for (JsonNode variable : d.path("templating").path("list")) {
                    String query = variable.path("definition").asText("");
                    if (query.startsWith("label_values(")) { // the metric a variable lists its values from must be served
                        String metric = query.substring("label_values(".length()).split("[{,]")[0].trim();
                        if (prometheus.queryAnswer(metric).path("data").path("result").size() == 0) {
                            failures.put(f.getName() + " / variable " + variable.path("name").asText(), "no series " + metric);
                        }
                    }
                }
            }
            assertEquals(new LinkedHashMap<String, String>(), failures);
        }
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : list) {
            out.add(v.path("name").asText());
        }
        return out;
    }
}
