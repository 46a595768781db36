package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.BigEvent;
import io.telemetrypoller.it.targets.SleepyMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file sink never blocks a poller, the host or the JVM's exit: a FIFO is refused at the start, a
 * writer stuck in the kernel costs only its own lines, and a rotated file is followed (docs/reliability.md).
 */
@Tag("jvm")
class FileSinkIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * Well under the 45 s for which a write lease holds a writer's open (the kernel's lease-break-time)
     * and over the agent's own 2 s wait for its writers: a JVM that waits for the stuck writer misses it.
     */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedWithOneLinePollingGoesOnOnStderrAndTheJvmExits() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory,sink=file:" + fifo + "+stderr")
                .target(SleepyMain.class, "1500").start()) {
            assertEquals(0, jvm.awaitExit(EXIT_BOUND), jvm.describe());
            assertEquals("host main done", jvm.stdout().trim());
            List<String> refusals = jvm.agentLines().stream().filter(l -> l.contains("not started")).collect(Collectors.toList());
            assertEquals(Collections.singletonList("telemetry-poller: sink file:" + fifo + " not started: " + fifo
                    + " is a FIFO (a named pipe: its open waits for a reader), not a regular file; sink=file: takes a "
                    + "regular file (the other sinks go on)"), refusals, jvm.describe());
            long polls = AgentJvm.parseEvents(jvm.stderr()).stream().filter(named("vm", "memory")).count();
            assertTrue(polls >= 5, "polling went on on stderr: " + polls + jvm.describe());
        }
    }

    @Test
    void aWriterStuckOpeningARegularFileCostsOnlyItsLinesAndTheJvmStillExits() throws Exception {
        // A read lease on the file (held by another process that ignores the lease-break signal) makes any
        // open of it for writing block in the kernel for lease-break-time (45 s by default): a real stuck
        // open of a regular file, as on a hung NFS mount.
        Path file = Files.createFile(dir.resolve("events.jsonl"));
        Path script = dir.resolve("lease.py");
        Files.write(script, ("import fcntl, os, signal, sys, time\n"
                + "signal.signal(signal.SIGIO, signal.SIG_IGN)\n"
                + "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
                + "fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)\n"
                + "print('leased', flush=True)\n"
                + "time.sleep(120)\n").getBytes(StandardCharsets.UTF_8));
        Process lease = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader leaseOut = new BufferedReader(new InputStreamReader(lease.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("leased", leaseOut.readLine());
            try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory,sink=file:" + file + "+stderr")
                    .target(SleepyMain.class, "1500").start()) {
                assertEquals(0, jvm.awaitExit(EXIT_BOUND), jvm.describe());
                assertEquals("host main done", jvm.stdout().trim());
                long polls = AgentJvm.parseEvents(jvm.stderr()).stream().filter(named("vm", "memory")).count();
                assertTrue(polls >= 5, "polling went on on stderr while the file's writer was stuck: " + polls + jvm.describe());
                assertEquals(0, Files.size(file), "the stuck writer never got the file open");
            }
        } finally {
            lease.destroyForcibly();
        }
    }

    @Test
    void anEventLineOverTheBufferIsDroppedAndReportedOnce() throws Exception {
        Path file = dir.resolve("events.jsonl");
        int chars = 5 << 20;
        try (AgentJvm jvm = AgentJvm.builder().agent("period=60000,measurements=memory,sink=file:" + file)
                .target(BigEvent.class, Integer.toString(chars), "300").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> reports = jvm.agentLines().stream().filter(l -> l.contains("dropped")).collect(Collectors.toList());
            assertEquals(1, reports.size(), jvm.describe());
            String line = reports.get(0);
            String prefix = "telemetry-poller: sink file:" + file + " dropped an event of ";
            String suffix = " bytes, larger than its whole buffer (4 MiB) (reported once; every line dropped is counted)";
            assertTrue(line.startsWith(prefix) && line.endsWith(suffix), line);
            long bytes = Long.parseLong(line.substring(prefix.length(), line.length() - suffix.length()));
            assertTrue(bytes > chars, line);
            List<JsonNode> events = AgentJvm.parseEvents(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            assertEquals(1, events.stream().filter(named("app", "small")).count(), "the next event is written");
            assertEquals(0, events.stream().filter(named("app", "big")).count());
        }
    }

    @Test
    void afterMvTheNewFileAtThePathGetsTheLines() throws Exception {
        rotatesAway(true);
    }

    @Test
    void afterRmTheNewFileAtThePathGetsTheLines() throws Exception {
        rotatesAway(false);
    }

    private void rotatesAway(boolean move) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Path rotated = dir.resolve("events.jsonl.1");
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory,sink=file:" + file)
                .target(SleepyMain.class, "60000").start()) {
            awaitLines(jvm, file, 2);
            if (move) {
                Files.move(file, rotated);
            } else {
                Files.delete(file);
            }
            awaitLines(jvm, file, 2);
            if (move) {
                List<String> old = Files.readAllLines(rotated);
                assertEquals(old.size(), AgentJvm.parseEvents(String.join("\n", old)).size(), "whole lines in the old file");
            }
        }
    }

    /** Waits until {@code file} holds {@code count} vm.memory lines (fails with the JVM's output on timeout). */
    private static void awaitLines(AgentJvm jvm, Path file, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(file)) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                if (AgentJvm.parseEvents(text).stream().filter(named("vm", "memory")).count() >= count) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " lines in " + file + jvm.describe());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Issue 13, defect 11: application events cost a write(2) each, on the application's thread, under
     * the sink's lock. JFR's jdk.FileWrite events (every write to a file, with its thread) show now that
     * no application thread writes the file, and that the writer thread writes it in batches.
     */
    @Test
    void applicationEventsAreWrittenInBatchesByTheWritersThreadNeverTheApplications() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path recording = dir.resolve("writes.jfr");
        Path settings = dir.resolve("writes.jfc");
        Files.write(settings, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
                + "  <event name=\"jdk.FileWrite\"><setting name=\"enabled\">true</setting>"
                + "<setting name=\"stackTrace\">false</setting><setting name=\"threshold\">0 ms</setting></event>\n"
                + "</configuration>\n").getBytes(StandardCharsets.UTF_8));
        int threads = 4;
        int perThread = 20_000;
        try (AgentJvm jvm = AgentJvm.builder().agent("measurements=memory,sink=file:" + events)
                .jvmArg("-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings)
                .target(io.telemetrypoller.it.targets.EventBurst.class, String.valueOf(threads), String.valueOf(perThread))
                .start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("host main done"), jvm.describe());
        }
        long lines;
        try (java.util.stream.Stream<String> all = Files.lines(events)) {
            lines = all.filter(l -> l.contains("\"request\"")).count();
        }
        Process print = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jfr").toString(),
                "print", "--json", "--events", "jdk.FileWrite", recording.toString()).redirectErrorStream(true).start();
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(print.getInputStream());
        assertEquals(0, print.waitFor());
        java.util.Map<String, Integer> writesByThread = new java.util.TreeMap<>();
        for (JsonNode e : json.path("recording").path("events")) {
            JsonNode v = e.path("values");
            if (v.path("path").asText().equals(events.toString())) {
                writesByThread.merge(v.path("eventThread").path("javaName").asText(), 1, Integer::sum);
            }
        }
        assertTrue(lines > 0, "application events in the file");
        assertEquals(1, writesByThread.size(), "one thread writes the file: " + writesByThread);
        String writer = writesByThread.keySet().iterator().next();
        assertTrue(writer.startsWith("telemetry-poller-writer-file:" + dir), "the sink's writer (its name cut at 64): " + writer);
        // the writer takes what accumulated since its last write: as many lines a write as it falls behind
        int writes = writesByThread.get(writer);
        assertTrue(writes * 4L < lines, writes + " writes for " + lines + " lines: batched");
    }
}
