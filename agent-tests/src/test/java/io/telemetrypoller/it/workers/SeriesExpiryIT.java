package io.telemetrypoller.it.workers;

import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.workers.targets.CollectTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a real JVM with a Prometheus sink: the series of workers the application dropped (collected, so
 * process_info no longer reports them) leave /metrics within 10 periods, and the workers created after
 * appear; the measurement's other series stay.
 */
@Tag("jvm")
class SeriesExpiryIT {
    private static final String TINY = CollectTarget.TinyWorker.class.getName();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theSeriesOfCollectedWorkersExpireAndTheNewOnesAppear() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AgentJvm jvm = AgentJvm.builder().agent("workers=" + TINY + ",measurements=system_counts,period=200,"
                + "sink=prometheus://127.0.0.1:" + port).target(CollectTarget.class, "3000", "8000", "8000").start()) {
            String uri = "http://127.0.0.1:" + port + "/metrics";
            awaitScrape(jvm, uri, "name=\"TinyWorker-1\"", true);
            awaitPhase(jvm, "collected");
            // each worker's series expires at the first scrape 10 periods after its own last poll
            String gone = awaitScrape(jvm, uri, "TinyWorker-", false);
            assertTrue(gone.contains("vm_system_counts_thread_count_value "), "scrape without it:\n" + gone + jvm.describe());
            awaitPhase(jvm, "recreated");
            String again = awaitScrape(jvm, uri, "name=\"TinyWorker-6\"", true);
            assertTrue(!again.contains("name=\"TinyWorker-1\""), again);
        }
    }

    /** Scrapes until the body contains (or no longer contains) {@code text}; returns that body. */
    private static String awaitScrape(AgentJvm jvm, String uri, String text, boolean present) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            assertTrue(jvm.process().isAlive(), jvm.describe());
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() == 200, r + " " + r.body());
                String body = r.body();
                if (!body.isEmpty() && body.contains(text) == present) { // empty: before the first poll
                    return body;
                }
            } catch (java.io.IOException notYetListening) {
                // the sink starts on the agent's start thread
            }
            assertTrue(System.nanoTime() < deadline, (present ? "never saw " : "still saw ") + text + jvm.describe());
            Thread.sleep(100);
        }
    }

    private static void awaitPhase(AgentJvm jvm, String phase) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!jvm.stdout().contains(phase)) {
            assertTrue(System.nanoTime() < deadline, "no " + phase + jvm.describe());
            Thread.sleep(50);
        }
    }
}
