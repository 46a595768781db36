package io.telemetrypoller.it.servers;

import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.servers.targets.ServerHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real server in its own JVM with the agent given {@code executors=true} and nothing else to measure
 * (a Prometheus sink to read it, a short period): bounded concurrent loopback clients make its requests
 * queue, and the pool's backlog is seen under the pool's own name rising above {@link #THRESHOLD} and
 * falling back to 0; then the server is stopped and the pool's series leave /metrics (expiry: 10 periods
 * after the last report). One server JVM serves both tests of a class, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServerPoolScenario {
    static final int CLIENTS = 40;
    static final int REQUESTS_PER_CLIENT = 3;
    /** With 40 clients on 4 (Tomcat, Netty's loops) or 6 (Jetty) request threads, about 34 requests wait at the peak. */
    static final int THRESHOLD = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AgentJvm jvm;
    private int port;
    private String metrics;
    private String pool;

    /** {@code tomcat}, {@code jetty} or {@code netty}. */
    abstract String server();

    /** The pool's name in the series, given the server's port and the line saying it listens. */
    abstract String poolName(int port, String listening);

    /** The pool's class in the series. */
    abstract String poolClass();

    @BeforeAll
    void startServer() throws Exception {
        port = freePort();
        int metricsPort = freePort();
        metrics = "http://127.0.0.1:" + metricsPort + "/metrics";
        jvm = AgentJvm.builder().agent("executors=true,period=200,sink=prometheus://127.0.0.1:" + metricsPort)
                .targetWithDependencies(ServerHost.class, server(), String.valueOf(port)).start();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!jvm.stdout().contains("listening")) {
            assertTrue(jvm.process().isAlive() && System.nanoTime() < deadline, "server did not start" + jvm.describe());
            Thread.sleep(50);
        }
        String listening = jvm.stdout().lines().filter(l -> l.startsWith("listening")).findFirst().orElse("");
        pool = poolName(port, listening);
    }

    @AfterAll
    void stopServer() {
        if (jvm != null) {
            jvm.close();
        }
    }

    @Test
    @Order(1)
    void thePoolsBacklogRisesUnderLoadAndFallsBackToZeroUnderItsOwnName() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            done.add(clients.submit(() -> {
                int ok = 0;
                for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                    ok += get(port) ? 1 : 0;
                }
                return ok;
            }));
        }
        long peak = -1;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (peak <= THRESHOLD && System.nanoTime() < deadline) {
            peak = Math.max(peak, queued(scrape()));
            Thread.sleep(50);
        }
        int served = 0;
        for (Future<Integer> f : done) {
            served += f.get();
        }
        clients.shutdown();
        assertEquals(CLIENTS * REQUESTS_PER_CLIENT, served, "every request answered" + jvm.describe());
        assertTrue(peak > THRESHOLD, "backlog of " + pool + " never above " + THRESHOLD + " (peak " + peak
                + "):\n" + scrape() + jvm.describe());
        long now = -1;
        while (now != 0) {
            assertTrue(System.nanoTime() < deadline, "backlog never back to 0 (" + now + "):\n" + scrape() + jvm.describe());
            Thread.sleep(100);
            now = queued(scrape());
        }
    }

    @Test
    @Order(2)
    void aStoppedPoolsSeriesLeaveMetrics() throws Exception {
        awaitQueuedSeries(true);
        OutputStream stdin = jvm.process().getOutputStream();
        stdin.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!jvm.stdout().contains("stopped")) {
            assertTrue(System.nanoTime() < deadline, "server did not stop" + jvm.describe());
            Thread.sleep(50);
        }
        String body = awaitQueuedSeries(false);
        assertTrue(body.contains("vm_memory_total"), "the other series stay:\n" + body);
    }

    /** Scrapes until the pool's queued series is (or is no longer) there; returns that scrape. */
    private String awaitQueuedSeries(boolean present) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String body = scrape();
            if (!body.isEmpty() && (queued(body) >= 0) == present) {
                return body;
            }
            assertTrue(System.nanoTime() < deadline, (present ? "no " : "still a ") + "series of " + pool
                    + ":\n" + body + jvm.describe());
            Thread.sleep(100);
        }
    }

    /** The pool's queued value in a scrape, or -1 if the series is not there. */
    private long queued(String body) {
        Pattern series = Pattern.compile("^vm_executor_queued\\w*\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = series.matcher(body);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("name=\"" + pool + "\"") && labels.contains("class=\"" + poolClass() + "\"")) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    private String scrape() throws Exception {
        assertTrue(jvm.process().isAlive(), jvm.describe());
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException notYetListening) {
            return "";
        }
    }

    /** One HTTP/1.0 GET on its own loopback connection; true if answered 200. */
    private static boolean get(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 200") || head.startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
