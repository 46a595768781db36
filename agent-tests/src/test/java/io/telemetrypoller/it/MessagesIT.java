package io.telemetrypoller.it;

import io.telemetrypoller.it.targets.SleepyMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's own lines stay short and unambiguous whatever the user's values (issue 13, defect 8). */
@Tag("jvm")
class MessagesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String repeat(char c, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(c);
        }
        return sb.toString();
    }

    @Test
    void aThousandCharacterPathIsCutIn64CharactersInEveryLine() throws Exception {
        String segment = repeat('a', 200);
        Path missing = dir.resolve(segment).resolve(segment).resolve(segment).resolve(segment).resolve(segment + ".jsonl");
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,sink=file:" + missing + "+stdout")
                .target(SleepyMain.class, "600").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> lines = jvm.agentLines();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("telemetry-poller: started: ")), jvm.describe());
            assertTrue(lines.size() >= 2, "the start and the sink's failure: " + jvm.describe());
            String longRun = repeat('a', 65);
            for (String line : lines) {
                assertFalse(line.contains(longRun), "uncut: " + line);
                assertTrue(line.length() < 400, line.length() + " characters: " + line);
            }
        }
    }

    @Test
    void anIpv6PrometheusAddressIsShownInBrackets() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,sink=prometheus://[::1]:0")
                .target(SleepyMain.class, "300").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            String started = jvm.agentLines().stream().filter(l -> l.startsWith("telemetry-poller: started: "))
                    .findFirst().orElse("");
            assertTrue(started.matches(".*sinks: prometheus://\\[::1]:\\d+$"), jvm.describe());
        }
    }

    /** Issue 15, item 5: the start line names every measurement that runs, as status does. */
    @Test
    void theStartedLineListsProcessInfoAndExecutorsAsStatusDoes() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder()
                .agent("workers=io.telemetrypoller.example.OrderWorker,executors=true,period=500,sink=stderr")
                .example(2).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            String started = jvm.agentLines().stream().filter(l -> l.startsWith("telemetry-poller: started: "))
                    .findFirst().orElse("");
            assertEquals("telemetry-poller: started: poller default (period 500 ms: memory, total_run_queue_lengths, "
                    + "system_counts, process_info:io.telemetrypoller.example.OrderWorker, process_info:executor:*); "
                    + "sinks: stderr", started, jvm.describe());
        }
    }
}
