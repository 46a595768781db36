package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.AppStats;
import io.telemetrypoller.it.targets.ExitingHost;
import io.telemetrypoller.it.targets.HandlerHost;
import io.telemetrypoller.it.targets.SleepyMain;
import io.telemetrypoller.it.targets.VirtualFlood;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The agent core, end to end, in real JVMs started with -javaagent. */
@Tag("jvm")
class CoreEventsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> set(String... s) {
        return new HashSet<>(Arrays.asList(s));
    }

    @Test
    void exampleTargetStreamsTheDefaultEventsEveryPeriod() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=300").example(30).start()) {
            List<JsonNode> memory = jvm.awaitEvents(named("vm", "memory"), 3, TIMEOUT);
            JsonNode m = memory.get(2).get("measurements"); // G1 may report 0 heap used at the very start
            assertTrue(keys(m).containsAll(set("total", "heap_used", "heap_committed", "heap_max", "non_heap_used",
                    "non_heap_committed", "direct", "mapped", "rss")), m.toString());
            assertTrue(m.get("heap_used").asLong() > 0);
            assertTrue(m.get("total").asLong() >= m.get("heap_committed").asLong());
            assertEquals(0, memory.get(2).get("metadata").size());

            JsonNode pool = jvm.awaitEvents(named("vm", "memory_pool"), 1, TIMEOUT).get(0);
            assertEquals("heap".equals(pool.get("metadata").get("type").asText()) ? set("used", "committed", "max", "used_after_last_gc")
                    : set("used", "committed", "max"), keys(pool.get("measurements")), pool.toString());
            assertTrue(Arrays.asList("heap", "non_heap").contains(pool.get("metadata").get("type").asText()));
            assertTrue(pool.get("metadata").get("pool").asText().length() > 0);

            JsonNode queue = jvm.awaitEvents(named("vm", "total_run_queue_lengths"), 1, TIMEOUT).get(0);
            assertTrue(keys(queue.get("measurements")).containsAll(set("total", "cpu", "io", "virtual", "platform")));

            JsonNode counts = jvm.awaitEvents(named("vm", "system_counts"), 1, TIMEOUT).get(0).get("measurements");
            assertTrue(keys(counts).containsAll(set("thread_count", "daemon_thread_count", "peak_thread_count",
                    "thread_limit", "loaded_class_count", "total_loaded_class_count", "unloaded_class_count",
                    "open_fd_count", "fd_limit")), counts.toString());
            // main + 2 order workers + mailer + producer + pool threads, at least
            assertTrue(counts.get("thread_count").asInt() >= 5, counts.toString());
            assertTrue(counts.get("loaded_class_count").asInt() > 100);

            // a poll every 300 ms: successive [vm, memory] events are spaced by about the period
            Instant first = Instant.parse(memory.get(0).get("time").asText());
            Instant third = Instant.parse(memory.get(2).get("time").asText());
            assertTrue(Duration.between(first, third).toMillis() >= 400, "two periods apart");

            assertTrue(jvm.agentLines().get(0).startsWith("telemetry-poller: started: poller default (period 300 ms: "
                    + "memory, total_run_queue_lengths, system_counts); sinks: stdout"), jvm.describe());
        }
    }

    @Test
    void gcAndCpuMeasurementsOnDemand() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=200,measurements=gc+cpu").example(30).start()) {
            JsonNode gc = jvm.awaitEvents(named("vm", "gc"), 1, TIMEOUT).get(0);
            assertEquals(set("count", "time_ms"), keys(gc.get("measurements")));
            assertTrue(gc.get("metadata").get("collector").asText().length() > 0);
            JsonNode cpu = jvm.awaitEvents(named("vm", "cpu"), 1, TIMEOUT).get(0).get("measurements");
            assertTrue(keys(cpu).containsAll(set("process_cpu_time_ns", "process_cpu_load", "system_load_average",
                    "available_processors")));
            assertTrue(cpu.get("process_cpu_time_ns").asLong() > 0);
            // the example allocates steadily, so collections happen and end as pause events
            JsonNode pause = jvm.awaitEvents(e -> named("vm", "gc", "pause").test(e)
                    || named("vm", "gc", "concurrent").test(e), 1, TIMEOUT).get(0);
            assertTrue(keys(pause.get("metadata")).containsAll(set("collector", "action", "cause")));
            assertTrue(pause.get("measurements").has("duration_ms"));
            assertTrue(jvm.events().stream().noneMatch(named("vm", "memory")), "only the measurements asked for");
        }
    }

    /**
     * thread_states in a real JVM: the example's threads by state, daemon ones among them, as many as
     * system_counts counts (give or take one starting or ending); and the JVM's safepoint log shows no
     * thread dump, the operation getThreadInfo with stack traces would cause.
     */
    @Test
    void threadStatesCountTheThreadsByStateWithoutAThreadDump() throws Exception {
        Path log = dir.resolve("safepoint.log");
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:safepoint:file=" + log)
                .agent("period=100,measurements=system_counts+thread_states").example(30).start()) {
            List<JsonNode> states = jvm.awaitEvents(named("vm", "thread_states"), 20, TIMEOUT);
            JsonNode last = states.get(19).get("measurements");
            assertEquals(set("runnable", "blocked", "waiting", "timed_waiting", "daemon_runnable", "daemon_blocked",
                    "daemon_waiting", "daemon_timed_waiting"), keys(last));
            long all = 0;
            for (String s : new String[] {"runnable", "blocked", "waiting", "timed_waiting"}) {
                assertTrue(last.get("daemon_" + s).asLong() <= last.get(s).asLong(), last.toString());
                all += last.get(s).asLong();
            }
            assertTrue(last.get("runnable").asLong() >= 1, "the poller itself runs: " + last);
            assertTrue(last.get("daemon_waiting").asLong() + last.get("daemon_timed_waiting").asLong() >= 1,
                    "the JVM's own daemon threads wait: " + last);
            List<JsonNode> counts = jvm.awaitEvents(named("vm", "system_counts"), 20, TIMEOUT);
            long threads = counts.get(19).get("measurements").get("thread_count").asLong();
            assertTrue(Math.abs(threads - all) <= 2, "thread_count " + threads + " against the states' " + last);
            assertTrue(Files.readAllLines(log).stream().noneMatch(l -> l.contains("ThreadDump")),
                    String.join("\n", Files.readAllLines(log)));
        }
    }

    @Test
    void jvmExitsPromptlyWhenMainReturns() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=50").target(SleepyMain.class, "300").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("host main done"));
            assertTrue(jvm.events().stream().anyMatch(named("vm", "memory")));
        }
    }

    @Test
    void fileSinkHoldsEveryCompletePollWhenTheHostExits() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (AgentJvm jvm = AgentJvm.builder().agent("period=20,sink=file:" + file)
                .target(ExitingHost.class, "700").start()) {
            assertEquals(3, jvm.awaitExit(TIMEOUT), jvm.describe());
        }
        List<String> lines = Files.readAllLines(file);
        List<JsonNode> events = AgentJvm.parseEvents(String.join("\n", lines));
        assertEquals(lines.size(), events.size(), "every line is a whole JSON event");
        long polls = events.stream().filter(named("vm", "system_counts")).count();
        assertTrue(polls >= 5, "polls written: " + polls);
        // each complete poll has its three events
        assertTrue(events.stream().filter(named("vm", "memory")).count() >= polls - 1);
    }

    @Test
    void customMeasurementsRunAndAFailingOneIsRemovedOnce() throws Exception {
        String mfa = "mfa=" + AppStats.class.getName() + "#dispatch+" + AppStats.class.getName() + "#fail";
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory," + mfa)
                .target(SleepyMain.class, "30000").start()) {
            List<JsonNode> stats = jvm.awaitEvents(named("app", "stats"), 4, TIMEOUT);
            assertEquals("AppStats", stats.get(0).get("metadata").get("source").asText());
            assertEquals(4, stats.get(3).get("measurements").get("calls").asInt());
            List<JsonNode> failures = jvm.awaitEvents(named("telemetry_poller", "measurement", "failure"), 1, TIMEOUT);
            JsonNode meta = failures.get(0).get("metadata");
            assertEquals("default", meta.get("poller").asText());
            assertEquals("mfa:" + AppStats.class.getName() + "#fail", meta.get("measurement").asText());
            assertEquals("java.lang.IllegalStateException: stats backend down", meta.get("reason").asText());
            jvm.awaitEvents(named("vm", "memory"), 4, TIMEOUT);
            assertEquals(1, jvm.events().stream().filter(named("telemetry_poller", "measurement", "failure")).count());
            List<String> removed = new ArrayList<>();
            for (String l : jvm.agentLines()) {
                if (l.contains("failed and was removed")) {
                    removed.add(l);
                }
            }
            assertEquals(1, removed.size(), jvm.describe());
        }
    }

    @Test
    void hostHandlersAndEventsShareTheAgentsBus() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100").target(HandlerHost.class, "1500").start()) {
            JsonNode request = jvm.awaitEvents(named("app", "request"), 1, TIMEOUT).get(0);
            assertEquals("/orders", request.get("metadata").get("route").asText());
            JsonNode failure = jvm.awaitEvents(named("telemetry", "handler", "failure"), 1, TIMEOUT).get(0);
            assertEquals("host-broken", failure.get("metadata").get("handler_id").asText());
            assertEquals("java.lang.IllegalArgumentException: host handler bug", failure.get("metadata").get("reason").asText());
            assertEquals(0, jvm.awaitExit(TIMEOUT));
            assertTrue(jvm.stdout().contains("host main done"));
            assertTrue(jvm.events().stream().filter(named("vm", "memory")).count() >= 3, "polls go on");
        }
    }

    @Test
    void virtualThreadsQueuedForACarrierShowOnJdk24AndLater() throws Exception {
        assumeTrue(AgentJvm.javaVersion() >= 24, "VirtualThreadSchedulerMXBean arrived in JDK 24");
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=total_run_queue_lengths")
                .jvmArg("-Djdk.virtualThreadScheduler.parallelism=2").target(VirtualFlood.class, "4000").start()) {
            List<JsonNode> queued = jvm.awaitEvents(e -> named("vm", "total_run_queue_lengths").test(e)
                    && e.get("measurements").get("virtual").asLong() > 0, 1, TIMEOUT);
            JsonNode m = queued.get(0).get("measurements");
            assertTrue(m.get("virtual").asLong() > 100, m.toString());
            assertTrue(m.get("cpu").asDouble() >= m.get("virtual").asDouble());
            assertTrue(m.get("total").asDouble() >= m.get("cpu").asDouble());
        }
    }
}
