package io.telemetrypoller.agent;

import io.telemetrypoller.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** top's feed in this JVM: what it publishes, that no handler sees its events, and every way it ends. */
class TopFeedTest {
    private static final String ME = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];

    @AfterEach
    void end() {
        TopFeed.stopAll();
        Telemetry.detach("top-feed-test");
    }

    @Test
    void publishesEverySampleAndNoHandlerSeesItsEvents() throws Exception {
        boolean cgroup = inACgroup(); // before the handler: it emits an event of its own
        List<String> seen = new CopyOnWriteArrayList<>();
        Telemetry.attachAll("top-feed-test", (event, m, md, config) -> seen.add(String.join(".", event)), null);
        assertNull(TopFeed.start("interval=200,viewer=" + ME));
        String path = await("telemetry-poller.top." + ME);
        assertEquals(new java.io.File(System.getProperty("java.io.tmpdir"), "telemetry-poller-top-" + ME + ".txt")
                .getAbsolutePath(), path);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(java.nio.file.Paths.get(path))), "its user's only");
        String first = awaitSample(path);
        String[] lines = first.split("\n");
        assertTrue(lines[0].matches("top 1 [0-9]+ 200"), lines[0]);
        for (String event : new String[] {"vm.memory|total ", "vm.memory_pool|used ", "vm.total_run_queue_lengths|total ",
                "vm.system_counts|thread_count ", "top.cpu|process_cpu_time_ns ", "top.gc|count ", "top.jvm|uptime_ms ",
                "vm.safepoints|count ", "vm.runtime|allocated_bytes "}) {
            assertTrue(first.contains("\n" + event), event + " in " + first);
        }
        assertEquals(cgroup, first.contains("\nvm.container|"), "the container's line where there is a cgroup: " + first);
        assertTrue(first.matches("(?s).*\nvm\\.process_info\\|cpu_time_ns [0-9]+\\|@name telemetry-poller-top\\|@state RUNNABLE\n.*"),
                "every thread, this one too: " + first);
        long seq = Long.parseLong(lines[0].split(" ")[2]);
        long deadline = System.currentTimeMillis() + 5000;
        while (seqOf(read(path)) <= seq) {
            assertTrue(System.currentTimeMillis() < deadline, "no second sample");
            Thread.sleep(20);
        }
        assertEquals(0, seen.size(), "the feed's events reached a handler: " + seen);
        assertTrue(first.endsWith("\nend " + seq + "\n"), first);
        assertTrue(TopFeed.stop(ME));
        awaitGone("telemetry-poller.top." + ME);
        assertFalse(new java.io.File(path).exists(), "the file is deleted");
        assertFalse(TopFeed.stop(ME), "already ended");
    }

    /** Whether the container measurement works in this JVM (a cgroup with a memory controller). */
    private static boolean inACgroup() {
        io.telemetrypoller.Measurement container = new io.telemetrypoller.measurement.ContainerMeasurement();
        try {
            container.measure();
            return true;
        } catch (Exception none) {
            return false;
        } finally {
            container.close();
        }
    }

    @Test
    void endsByItselfWhenTheViewerIsGone() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$").start();
        String gone = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine().trim();
        p.waitFor();
        assertFalse(TopFeed.viewerAlive(gone));
        assertTrue(TopFeed.viewerAlive(ME));
        assertNull(TopFeed.start("interval=200,viewer=" + gone));
        awaitGone("telemetry-poller.top." + gone);
    }

    @Test
    void aViewerInAnotherPidNamespaceIsKeptByItsLease() throws Exception {
        java.io.File lease = new java.io.File(System.getProperty("java.io.tmpdir"), "telemetry-poller-top-" + ME + ".lease");
        assertTrue(lease.createNewFile() || lease.exists());
        assertNull(TopFeed.start("interval=200,viewer=" + ME + ",pidns=pid:[1]")); // not this JVM's namespace
        String path = await("telemetry-poller.top." + ME);
        Thread.sleep(600);
        assertTrue(path.equals(System.getProperty("telemetry-poller.top." + ME)), "a fresh lease keeps the feed");
        assertTrue(lease.setLastModified(System.currentTimeMillis() - 20_000)); // top stopped renewing it
        awaitGone("telemetry-poller.top." + ME);
        assertFalse(lease.exists(), "the feed deletes the lease");
    }

    @Test
    void aSecondStartForTheSameViewerReplacesTheFirst() throws Exception {
        assertNull(TopFeed.start("interval=200,viewer=" + ME));
        await("telemetry-poller.top." + ME);
        assertNull(TopFeed.start("interval=300,viewer=" + ME));
        long deadline = System.currentTimeMillis() + 5000;
        while (!read(System.getProperty("telemetry-poller.top." + ME)).matches("(?s)top 1 [0-9]+ 300\n.*")) {
            assertTrue(System.currentTimeMillis() < deadline, "not replaced");
            Thread.sleep(20);
        }
        TopFeed.stopAll();
        awaitGone("telemetry-poller.top." + ME);
    }

    @Test
    void aLineIsNameMeasurementsAndMetadataWithTheSeparatorsCleaned() {
        StringBuilder sb = new StringBuilder();
        java.util.Map<String, Number> m = new java.util.LinkedHashMap<>();
        m.put("queued", 3L);
        m.put("load", 0.25);
        m.put("nan", Double.NaN);
        java.util.Map<String, Object> md = new java.util.LinkedHashMap<>();
        md.put("name", "a|b\nc");
        TopFeed.appendLine(sb, java.util.Arrays.asList("vm", "executor"), m, md);
        assertEquals("vm.executor|queued 3|load 0.25|@name a/b c\n", sb.toString());
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertEquals("top needs viewer=PID", TopFeed.start("interval=1000"));
        assertEquals("invalid top option 'interval=fast' (expected interval=MS,viewer=PID[,pidns=NS])",
                TopFeed.start("interval=fast,viewer=1"));
        assertEquals("invalid top option 'colour=red' (expected interval=MS,viewer=PID[,pidns=NS])",
                TopFeed.start("colour=red"));
    }

    private static long seqOf(String feed) {
        return feed.isEmpty() ? -1 : Long.parseLong(feed.split("\n", 2)[0].split(" ")[2]);
    }

    /** The feed file's text, "" while it is absent or empty. */
    private static String read(String path) {
        try {
            return path == null ? "" : new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(path)), "UTF-8");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String awaitSample(String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            String text = read(path);
            if (text.contains("\nend ")) {
                return text;
            }
            Thread.sleep(20);
        }
        return fail("no sample in " + path);
    }

    private static String await(String property) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            String v = System.getProperty(property);
            if (v != null) {
                return v;
            }
            Thread.sleep(20);
        }
        return fail("no " + property);
    }

    /** The property removed and no top thread left. */
    private static void awaitGone(String property) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.getProperty(property) != null || topThreadAlive()) {
            assertTrue(System.currentTimeMillis() < deadline, "the feed did not end");
            Thread.sleep(20);
        }
    }

    private static boolean topThreadAlive() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("telemetry-poller-top") && t.isAlive()) {
                return true;
            }
        }
        return false;
    }
}
