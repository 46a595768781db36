package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.AppStats;
import io.telemetrypoller.it.targets.OomHost;
import io.telemetrypoller.it.targets.SleepyMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults injected into real JVMs: the host goes on, the failure is reported once, the rest works. */
@Tag("jvm")
class ReliabilityIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aHangingMeasurementIsAbandonedAndTheOthersStayOnSchedule() throws Exception {
        String options = "period=100,measurement_timeout=500,measurements=system_counts,mfa="
                + AppStats.class.getName() + "#hang";
        try (AgentJvm jvm = AgentJvm.builder().agent(options).target(SleepyMain.class, "30000").start()) {
            JsonNode failure = jvm.awaitEvents(named("telemetry_poller", "measurement", "failure"), 1, TIMEOUT).get(0);
            assertEquals("mfa:" + AppStats.class.getName() + "#hang", failure.get("metadata").get("measurement").asText());
            assertTrue(failure.get("metadata").get("reason").asText().contains("no result after 500 ms"));
            int before = countNamed(jvm, "vm", "system_counts");
            jvm.awaitEvents(named("vm", "system_counts"), before + 5, TIMEOUT);
        }
    }

    @Test
    void garbageValuesAreDroppedFromJsonAndTheLineStaysValid() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory,mfa=" + AppStats.class.getName()
                + "#garbage").target(SleepyMain.class, "30000").start()) {
            List<JsonNode> garbage = jvm.awaitEvents(named("app", "garbage"), 2, TIMEOUT);
            JsonNode m = garbage.get(0).get("measurements");
            assertEquals(1, m.get("ok").asInt());
            assertFalse(m.has("nan") || m.has("inf"), m.toString());
            jvm.awaitEvents(named("vm", "memory"), 3, TIMEOUT);
        }
    }

    @Test
    void theHostRecoversFromOutOfMemoryAndPollingGoesOn() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100").jvmArg("-Xmx64m")
                .target(OomHost.class, "1500").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("host survived OutOfMemoryError"));
            assertTrue(jvm.stdout().contains("host main done"));
            int afterOom = jvm.stdout().indexOf("host survived");
            assertTrue(jvm.stdout().indexOf("\"event\":[\"vm\",\"memory\"]", afterOom) > 0, "polls after the OOM");
        }
    }

    @Test
    void aFullDiskDropsBatchesReportsOnceAndTheOtherSinkGoesOn() throws Exception {
        Path file = dir.resolve("events.jsonl");
        String java = AgentJvm.java().toString();
        // RLIMIT_FSIZE of 16 KiB (bash counts in KiB): writes past it fail with EFBIG (HotSpot ignores
        // SIGXFSZ). The limit binds every file the JVM writes, so its output goes through a pipe to cat.
        String cmd = "set -o pipefail; (ulimit -f 16; exec " + java + " -javaagent:" + AgentJvm.AGENT_JAR
                + "=period=50,sink=file:" + file + "+stderr -cp " + AgentJvm.TEST_CLASSES + " "
                + SleepyMain.class.getName() + " 2000) 2>&1 | cat";
        try (AgentJvm jvm = AgentJvm.builder().command("/bin/bash", "-c", cmd).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            String out = jvm.stdout();
            assertTrue(out.contains("host main done"), jvm.describe());
            long reports = AgentJvm.lines(out).stream()
                    .filter(l -> l.startsWith("telemetry-poller: sink file:" + file + " failed")).count();
            assertEquals(1, reports, jvm.describe());
            assertTrue(Files.size(file) <= 16384, "the file stopped at the limit");
            List<JsonNode> onStderr = AgentJvm.parseEvents(out);
            assertTrue(onStderr.stream().filter(named("vm", "memory")).count() >= 10, "stderr sink went on");
            List<String> lines = Files.readAllLines(file);
            assertTrue(lines.size() > 10);
            assertEquals(lines.size(), AgentJvm.parseEvents(String.join("\n", lines)).size(),
                    "a failed batch is cut back off: every line in the file is a whole event");
        }
    }

    @Test
    void generatedOptionStringsNeverStopTheHost() throws Exception {
        Random random = new Random(11L);
        String[] keys = {"period", "init_delay", "measurements", "sink", "tags", "mfa", "name", "log", "bogus"};
        String[] values = {"", "-1", "abc", "memory+", "statsd://x", "\u00e9", "a:b", "1", "0", "x#y", "%s"};
        for (int i = 0; i < 24; i++) {
            List<String> pairs = new ArrayList<>();
            for (int p = 0; p <= random.nextInt(3); p++) {
                pairs.add(keys[random.nextInt(keys.length)] + "=" + values[random.nextInt(values.length)]);
            }
            String options = String.join(",", pairs) + ",sink=stderr";
            try (AgentJvm jvm = AgentJvm.builder().agent(options).target(SleepyMain.class, "50").start()) {
                assertEquals(0, jvm.awaitExit(TIMEOUT), options + jvm.describe());
                assertEquals("host main done", jvm.stdout().trim(), options);
                assertFalse(jvm.stderr().contains("\tat "), "no stack trace: " + options + jvm.describe());
                assertFalse(jvm.stderr().contains("Exception in thread"), options + jvm.describe());
            }
        }
    }

    @Test
    void selfTelemetryShowsTheAgentsHealthInTheSameSinks() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100,measurements=memory+agent")
                .target(SleepyMain.class, "30000").start()) {
            JsonNode agent = jvm.awaitEvents(e -> named("telemetry_poller", "agent").test(e)
                    && e.get("measurements").get("polls").asInt() >= 3, 1, TIMEOUT).get(0);
            assertEquals(0, agent.get("measurements").get("measurements_removed").asInt());
            JsonNode poller = jvm.awaitEvents(named("telemetry_poller", "poller"), 1, TIMEOUT).get(0);
            assertEquals("default", poller.get("metadata").get("poller").asText());
            assertEquals(2, poller.get("measurements").get("measurements").asInt());
            JsonNode sink = jvm.awaitEvents(e -> named("telemetry_poller", "sink").test(e)
                    && e.get("measurements").get("sent").asInt() > 0, 1, TIMEOUT).get(0);
            assertEquals("stdout", sink.get("metadata").get("sink").asText());
            assertEquals(0, sink.get("measurements").get("dropped").asInt());
        }
    }

    private static int countNamed(AgentJvm jvm, String... event) throws Exception {
        return (int) jvm.events().stream().filter(named(event)).count();
    }
}
