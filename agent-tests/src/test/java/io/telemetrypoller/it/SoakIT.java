package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soak: example-target with every measurement, three sinks (file, StatsD, Prometheus) and period=10
 * for {@code soak.minutes} (default 10). Not part of the default run:
 * {@code mvn -B -pl agent,example-target,agent-tests -am verify -Psoak [-Dsoak.minutes=10]}.
 * Asserts no growth of heap after GC, threads, file descriptors or the agent's drops, and that every
 * poll was delivered to the file or counted as dropped.
 */
@Tag("soak")
class SoakIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What one checkpoint saw (after a full GC). */
    record Sample(long second, long heapUsed, long threads, long fds, long polls, long fileSent, long fileDropped,
                  long statsdDatagrams) {
    }

    @Test
    void tenMinutesAtPeriod10WithThreeSinks() throws Exception {
        long minutes = Long.getLong("soak.minutes", 10);
        Path file = dir.resolve("soak.jsonl");
        int promPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            promPort = s.getLocalPort();
        }
        AtomicLong datagrams = new AtomicLong();
        try (DatagramSocket statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread drain = new Thread(() -> {
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                while (!statsd.isClosed()) {
                    try {
                        statsd.receive(p);
                        datagrams.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "soak-statsd");
            drain.setDaemon(true);
            drain.start();
            String options = "period=10,measurements=memory+total_run_queue_lengths+system_counts+gc+cpu+agent,"
                    + "sink=file:" + file + "+statsd://127.0.0.1:" + statsd.getLocalPort()
                    + "+prometheus://127.0.0.1:" + promPort;
            int seconds = (int) (minutes * 60);
            try (AgentJvm jvm = AgentJvm.builder().agent(options).example(seconds + 60).start()) {
                HttpClient http = HttpClient.newHttpClient();
                List<Sample> samples = new ArrayList<>();
                Tail tail = new Tail(file);
                long start = System.nanoTime();
                for (long t = 30; t <= seconds; t += 30) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(
                            Math.max(0, start + Duration.ofSeconds(t).toNanos() - System.nanoTime()));
                    HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + promPort + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, scrape.statusCode());
                    Process gc = new ProcessBuilder(AgentJvm.JAVA_HOME.resolve("bin/jcmd").toString(),
                            Long.toString(jvm.pid()), "GC.run").redirectErrorStream(true).start();
                    gc.getInputStream().readAllBytes();
                    gc.waitFor();
                    Thread.sleep(500); // a few polls after the collection
                    tail.read();
                    samples.add(new Sample(t, tail.heapUsed, tail.threads, tail.fds, tail.polls, tail.fileSent,
                            tail.fileDropped, datagrams.get()));
                    System.out.println("soak " + samples.get(samples.size() - 1));
                }
                assertTrue(jvm.process().isAlive(), jvm.describe());
                // after a minute of warm-up, when the run is long enough to have one
                Sample first = samples.size() > 2 ? samples.get(1) : samples.get(0);
                Sample last = samples.get(samples.size() - 1);
                assertTrue(last.heapUsed() - first.heapUsed() < 16L << 20,
                        "heap after GC grew from " + first.heapUsed() + " to " + last.heapUsed());
                assertTrue(Math.abs(last.threads() - first.threads()) <= 2, first + " -> " + last);
                assertTrue(Math.abs(last.fds() - first.fds()) <= 3, first + " -> " + last);
                assertEquals(0, last.fileDropped(), "file sink drops");
                assertTrue(last.polls() > seconds * 50L, "polls: " + last.polls());
                assertTrue(last.statsdDatagrams() > first.statsdDatagrams(), "StatsD kept sending");
                // every poll reached the file: its system_counts lines match the agent's own poll count
                assertTrue(Math.abs(tail.systemCountsLines - tail.polls) <= 5,
                        tail.systemCountsLines + " polls in the file, agent counted " + tail.polls);
            }
        }
    }

    /** Reads the file sink's new lines since the last call and keeps the latest values. */
    private static final class Tail {
        private final Path file;
        private long offset;
        long heapUsed;
        long threads;
        long fds;
        long polls;
        long fileSent;
        long fileDropped;
        long systemCountsLines;

        Tail(Path file) {
            this.file = file;
        }

        void read() throws Exception {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                f.seek(offset);
                byte[] rest = new byte[(int) (f.length() - offset)];
                f.readFully(rest);
                String text = new String(rest, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n') + 1;
                offset += text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
                for (String line : text.substring(0, end).split("\n")) {
                    if (line.contains("\"system_counts\"")) {
                        systemCountsLines++;
                        JsonNode m = JSON.readTree(line).get("measurements");
                        threads = m.get("thread_count").asLong();
                        fds = m.get("open_fd_count").asLong();
                    } else if (line.contains("[\"vm\",\"memory\"]")) {
                        heapUsed = JSON.readTree(line).get("measurements").get("heap_used").asLong();
                    } else if (line.contains("[\"telemetry_poller\",\"agent\"]")) {
                        polls = JSON.readTree(line).get("measurements").get("polls").asLong();
                    } else if (line.contains("[\"telemetry_poller\",\"sink\"]") && line.contains("\"file:")) {
                        JsonNode m = JSON.readTree(line).get("measurements");
                        fileSent = m.get("sent").asLong();
                        fileDropped = m.get("dropped").asLong();
                    }
                }
            }
        }
    }
}
