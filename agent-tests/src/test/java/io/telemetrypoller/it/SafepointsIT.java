package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.GcLoop;
import io.telemetrypoller.it.targets.SleepyMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The safepoints measurement in real JVMs: it sees forced safepoints, and causes none itself. */
@Tag("jvm")
class SafepointsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aHostThatForcesSafepointsShowsTheCountRising() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=200,measurements=safepoints").target(GcLoop.class, "4").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<JsonNode> events = jvm.events().stream().filter(named("vm", "safepoints")).collect(Collectors.toList());
            assertTrue(events.size() >= 10, jvm.describe());
            JsonNode first = events.get(0).get("measurements");
            JsonNode last = events.get(events.size() - 1).get("measurements");
            assertTrue(last.get("count").asLong() >= first.get("count").asLong() + 50, first + " -> " + last);
            assertTrue(last.get("time_ns").asLong() > first.get("time_ns").asLong(), first + " -> " + last);
        }
    }

    /**
     * What the keys mean, against the JVM's own log of each safepoint: {@code sync_time_ns} is the sum of
     * "Reaching safepoint", {@code time_ns} the sum of what follows it ("Total" less "Reaching": cleanup and
     * at the safepoint on JDK 17, at it and leaving on 25), to the nanosecond. Every poll's figures are the
     * log's over its first {@code count} safepoints, or {@code count - 1}: a poll may see a safepoint begun
     * (counted at its start) whose times come in when it ends.
     */
    @Test
    void theTimesAreTheJvmsOwnLogsReachingAndTheRest() throws Exception {
        Path log = dir.resolve("safepoint.log");
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:safepoint:file=" + log)
                .agent("period=50,measurements=safepoints").target(GcLoop.class, "2").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("Reaching safepoint: (\\d+) ns.*Total: (\\d+) ns");
            List<long[]> logged = new java.util.ArrayList<>(); // {reaching, total}
            for (String l : Files.readAllLines(log)) {
                java.util.regex.Matcher m = line.matcher(l);
                if (m.find()) {
                    logged.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
            }
            List<JsonNode> events = jvm.events().stream().filter(named("vm", "safepoints")).collect(Collectors.toList());
            assertTrue(events.size() >= 20 && logged.size() >= 50, events.size() + " polls, " + logged.size() + " logged");
            for (JsonNode e : events) {
                JsonNode m = e.get("measurements");
                int count = m.get("count").asInt();
                boolean matches = false;
                for (int k = count; k >= Math.max(0, count - 1) && !matches; k--) {
                    long reaching = 0;
                    long rest = 0;
                    for (int i = 0; i < k; i++) {
                        reaching += logged.get(i)[0];
                        rest += logged.get(i)[1] - logged.get(i)[0];
                    }
                    matches = reaching == m.get("sync_time_ns").asLong() && rest == m.get("time_ns").asLong();
                }
                assertTrue(matches, "poll " + m + " against the log's first " + count + " safepoints");
            }
        }
    }

    /** -XX:-UsePerfData: no counters, so the measurement says so once and goes; the other measurements go on. */
    @Test
    void withoutPerfDataTheMeasurementIsRemovedInOneLineAndTheRestGoesOn() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-XX:-UsePerfData")
                .agent("period=100,measurements=memory+safepoints").target(SleepyMain.class, "1500").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> removed = jvm.agentLines().stream().filter(l -> l.contains("safepoints"))
                    .filter(l -> !l.startsWith("telemetry-poller: started")).collect(Collectors.toList());
            assertEquals(1, removed.size(), jvm.describe());
            assertTrue(removed.get(0).contains("failed and was removed") && removed.get(0).contains("publishes no"
                    + " safepoint counters"), removed.get(0));
            assertTrue(jvm.events().stream().noneMatch(named("vm", "safepoints")), "absent, not zero");
            assertTrue(jvm.events().stream().filter(named("vm", "memory")).count() >= 5, jvm.describe());
            assertTrue(jvm.stdout().contains("host main done"));
        }
    }

    /**
     * Polled every 20 ms in an idle JVM, the measurement would add a safepoint a poll if its read caused
     * one: -Xlog:safepoint counts far fewer safepoints than polls, as many as the measurement reports.
     */
    @Test
    void theMeasurementItselfCausesNone() throws Exception {
        Path log = dir.resolve("safepoint.log");
        try (AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:safepoint:file=" + log)
                .agent("period=20,measurements=safepoints").target(SleepyMain.class, "3000").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<JsonNode> events = jvm.events().stream().filter(named("vm", "safepoints")).collect(Collectors.toList());
            long logged = Files.readAllLines(log).stream().filter(l -> l.contains("Safepoint \"")).count();
            assertTrue(events.size() >= 50, "polls: " + events.size());
            long counted = events.get(events.size() - 1).get("measurements").get("count").asLong();
            assertTrue(logged < events.size() / 2, logged + " safepoints logged in " + events.size() + " polls");
            assertTrue(counted <= logged, "the measurement counts what the JVM logs: " + counted + " of " + logged);
        }
    }
}
