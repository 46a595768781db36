package io.telemetrypoller.it.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.telemetrypoller.it.workers.WorkerEvents.longs;
import static io.telemetrypoller.it.workers.WorkerEvents.named;
import static io.telemetrypoller.it.workers.WorkerEvents.withMeta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * example-target with its workers and executors instrumented, for 11 s (one order wave: inboxes rise
 * for 5 s, then drain), polled every 500 ms. One run checks every event the workers feature emits.
 */
@Tag("jvm")
class ExampleWorkersIT {
    private static final String ORDER_WORKER = "io.telemetrypoller.example.OrderWorker";
    private static final String MAILER = "io.telemetrypoller.example.Mailer";

    @TempDir
    Path dir;

    @Test
    void workersExecutorsAndThreadsOfExampleTarget() throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path config = dir.resolve("config.json");
        String json = "{\n"
                + "  \"pollers\": [{\"name\": \"default\", \"period\": 500, \"measurements\": [\n"
                + "    \"total_run_queue_lengths\",\n"
                + "    {\"process_info\": {\"name\": \"" + ORDER_WORKER + "\", \"event\": [\"example\", \"worker\"],\n"
                + "                      \"keys\": [\"message_queue_len\", \"memory\", \"cpu_time_ns\", \"state\"]}},\n"
                + "    \"process_info:thread:mailer\"]}],\n"
                + "  \"workers\": [{\"class\": \"" + ORDER_WORKER + "\", \"queue\": \"inbox\", \"name\": \"id\"}, \"" + MAILER + "\"],\n"
                + "  \"executors\": true,\n"
                + "  \"sink\": [\"file:" + events + "\"]\n"
                + "}\n";
        Files.write(config, json.getBytes(StandardCharsets.UTF_8));
        List<JsonNode> all;
        try (AgentJvm jvm = AgentJvm.builder().agent("config=" + config)
                .jvmArg("-XX:+UnlockDiagnosticVMOptions").jvmArg("-XX:+BytecodeVerificationLocal") // verify the woven JDK classes
                .example(11).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            assertFalse(jvm.stderr().contains("Exception"), jvm.describe());
            assertFalse(jvm.stderr().contains("cannot instrument"), jvm.describe());
            all = WorkerEvents.read(events);
        }

        // OrderWorker, configured in JSON: its own event, keys and the name from the "id" field
        List<JsonNode> workers = named(all, "example", "worker");
        Set<String> names = new HashSet<>();
        Set<String> running = new HashSet<>();
        for (JsonNode e : workers) {
            String name = e.get("metadata").get("name").asText();
            names.add(name);
            assertEquals(ORDER_WORKER, e.get("metadata").get("class").asText());
            // cpu_time_ns comes once the worker's run() has bound it to a thread: a poll in the instant
            // between its constructor and its thread's start sees the other two keys only
            Set<String> keys = keys(e.get("measurements"));
            // and leaves with its thread: a poll as the example shuts down sees the worker TERMINATED
            boolean ended = "TERMINATED".equals(e.get("metadata").path("state").asText());
            if (keys.contains("cpu_time_ns")) {
                running.add(name);
            } else {
                assertFalse(running.contains(name) && !ended, "cpu_time_ns vanished after it came: " + e);
            }
            assertEquals(new HashSet<>(Arrays.asList("message_queue_len", "memory", "cpu_time_ns")),
                    keys.contains("cpu_time_ns") ? keys : union(keys, "cpu_time_ns"), e.toString());
            assertTrue(e.get("metadata").has("state"), e.toString());
        }
        assertEquals(new HashSet<>(Arrays.asList("orders-1", "orders-2")), running);
        assertEquals(new HashSet<>(Arrays.asList("orders-1", "orders-2")), names);
        List<Long> backlog = longs(withMeta(workers, "name", "orders-1"), "message_queue_len");
        assertTrue(backlog.size() >= 15, "polls: " + backlog);
        long peak = Collections.max(backlog);
        int peakAt = backlog.indexOf(peak);
        assertTrue(peak >= 30 && peak <= 400, "the wave fills the inbox to about 125: " + backlog);
        assertTrue(backlog.get(0) < peak / 2, "it rises: " + backlog);
        assertTrue(Collections.min(backlog.subList(peakAt, backlog.size())) <= peak / 2, "then drains: " + backlog);
        for (long memory : longs(workers, "memory")) {
            assertTrue(memory > 0 && memory < 50_000_000, "memory " + memory);
        }

        // Mailer, a Runnable listed in workers= only: the agent adds process_info:Mailer, all keys
        List<JsonNode> mailer = withMeta(named(all, "vm", "process_info"), "class", MAILER);
        assertFalse(mailer.isEmpty(), "Mailer events");
        JsonNode last = mailer.get(mailer.size() - 1);
        assertEquals("Mailer-1", last.get("metadata").get("name").asText());
        // the thread keys leave with the thread: a poll as the example shuts down may see it TERMINATED
        JsonNode bound = null;
        for (JsonNode e : mailer) {
            if (e.get("measurements").has("cpu_time_ns")) {
                bound = e;
            } else {
                assertTrue(bound == null || "TERMINATED".equals(e.get("metadata").path("state").asText()),
                        "cpu_time_ns vanished while the thread ran: " + e);
            }
        }
        assertNotNull(bound, "bound to the thread running run(): " + mailer);
        assertTrue(bound.get("measurements").get("cpu_time_ns").asLong() > 0, bound.toString());
        assertTrue(bound.get("measurements").has("allocated_bytes"), bound.toString());
        assertTrue(last.get("measurements").has("message_queue_len"), last.toString());
        assertTrue(last.get("metadata").has("state"), last.toString());

        // thread:mailer, no instrumentation involved
        List<JsonNode> thread = withMeta(named(all, "vm", "process_info"), "class", "java.lang.Thread");
        assertFalse(thread.isEmpty());
        assertEquals("mailer", thread.get(0).get("metadata").get("name").asText());
        assertEquals(new HashSet<>(Arrays.asList("cpu_time_ns", "allocated_bytes")), keys(thread.get(0).get("measurements")));

        // executors: the example pool's batch of 100 tasks queues, then drains; the common pool is there too
        List<JsonNode> executors = named(all, "vm", "executor");
        List<Long> queued = longs(withMeta(executors, "name", "example-pool"), "queued");
        assertFalse(queued.isEmpty(), "example-pool events: " + executors);
        assertTrue(Collections.max(queued) >= 20 && Collections.max(queued) <= 100, "queued " + queued);
        assertEquals(2, withMeta(executors, "name", "example-pool").get(queued.size() - 1).get("measurements").get("pool_size").asLong());
        assertFalse(withMeta(executors, "name", "ForkJoinPool.commonPool").isEmpty(), "the common pool");
        assertFalse(withMeta(executors, "name", "example-scheduler").isEmpty(), "the scheduled executor");
        for (JsonNode e : executors) {
            boolean scheduled = e.get("metadata").get("class").asText().endsWith("ScheduledThreadPoolExecutor");
            assertEquals(new HashSet<>(scheduled ? Arrays.asList("queued", "active", "pool_size", "delayed")
                    : Arrays.asList("queued", "active", "pool_size")), keys(e.get("measurements")));
        }
        // the scheduler's periodic tasks wait for their time: delayed, not queued
        JsonNode scheduler = withMeta(executors, "name", "example-scheduler").get(0).get("measurements");
        assertTrue(scheduler.get("delayed").asLong() >= 3, scheduler.toString());

        // the executors' backlog joins the run queue
        for (JsonNode e : named(all, "vm", "total_run_queue_lengths")) {
            JsonNode m = e.get("measurements");
            assertTrue(m.has("executors"), e.toString());
            assertTrue(m.get("total").asDouble() + 0.001 >= m.get("executors").asDouble(), e.toString());
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> union(Set<String> keys, String more) {
        Set<String> all = new HashSet<>(keys);
        all.add(more);
        return all;
    }
}
