package io.telemetrypoller.it.workers;

import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.workers.targets.FaultTarget;
import io.telemetrypoller.it.workers.targets.Idle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever fails in the instrumentation stays in the agent: the host computes exactly what it computes
 * without the agent. Faults are injected with the test-only property {@code telemetry-poller.test.fault}:
 * {@code hook} (every hook throws inside), {@code unlinked} (the JDK classes' hook calls cannot link:
 * NoClassDefFoundError at the call site, inside ThreadPoolExecutor and ForkJoinPool), {@code weave} (the
 * weaver throws: classes load unchanged).
 */
@Tag("jvm")
class HookFaultsIT {
    private static final String EXPECTED = "done 10 45 4950 1 caught";
    private static final String WORKERS = "workers=" + FaultTarget.Pump.class.getName() + "+"
            + FaultTarget.Spinner.class.getName() + ",executors=true,period=100,measurements=system_counts";

    @TempDir
    Path dir;

    @Test
    void theTargetComputesTheSameWithoutTheAgent() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().target(FaultTarget.class).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            assertEquals(EXPECTED, jvm.stdout().trim());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "hook", "unlinked", "weave"})
    void aFailingHookNeverReachesTheHost(String fault) throws Exception {
        Path file = dir.resolve(fault + ".jsonl");
        try (AgentJvm jvm = AgentJvm.builder().agent(WORKERS + ",sink=file:" + file)
                .jvmArg("-Dtelemetry-poller.test.fault=" + fault)
                .jvmArg("-XX:+UnlockDiagnosticVMOptions").jvmArg("-XX:+BytecodeVerificationLocal")
                .target(FaultTarget.class, "400").start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            assertEquals(EXPECTED, jvm.stdout().trim(), jvm.describe());
            String err = jvm.stderr();
            assertFalse(err.contains("Exception in thread"), jvm.describe());
            assertFalse(err.contains("Error:"), jvm.describe());
            List<String> agent = jvm.agentLines();
            switch (fault) {
                case "none":
                case "unlinked":
                    assertTrue(agent.stream().anyMatch(l -> l.contains("instrumented worker class")), agent.toString());
                    break;
                case "hook":
                    assertTrue(agent.stream().anyMatch(l -> l.contains("a worker hook failed")), agent.toString());
                    break;
                default:
                    assertTrue(agent.stream().anyMatch(l -> l.contains("cannot instrument " + FaultTarget.Pump.class.getName()
                            + ", it runs unchanged: java.lang.IllegalStateException: injected weaving fault")), agent.toString());
            }
            String events = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
            if (fault.equals("none")) {
                assertTrue(events.contains("\"name\":\"Spinner-1\"") || events.contains(FaultTarget.Spinner.class.getName()),
                        "workers are tracked when nothing fails: " + events);
            }
        }
    }

    @Test
    void theHostsMainThreadNeverLoadsAsmForAClassThatNeverLoads() throws Exception {
        Path log = dir.resolve("classes.txt");
        try (AgentJvm jvm = AgentJvm.builder().agent("workers=com.acme.NeverLoaded,default=false")
                .jvmArg("-Xlog:class+load:file=" + log + ":tid").target(Idle.class).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            assertEquals("idle", jvm.stdout().trim());
            List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
            String mainTid = tidOf(loaded, " " + Idle.class.getName() + " ");
            assertTrue(loaded.stream().anyMatch(l -> l.contains("io.telemetrypoller.instrument.WorkerTransformer")),
                    "the transformer is there");
            // the start thread warms the weaver up (so the first worker class waits for its weaving alone),
            // never the host's main thread
            List<String> asmOnMain = new ArrayList<>();
            for (String line : loaded) {
                if (line.contains("shaded.net.bytebuddy") && line.startsWith("[" + mainTid + "]")) {
                    asmOnMain.add(line);
                }
            }
            assertEquals(List.of(), asmOnMain, "ASM loaded on main (tid " + mainTid + ")");
            assertFalse(jvm.stderr().contains("Sharing is only supported"), "no bootstrap class path append");
        }
    }

    private static String tidOf(List<String> lines, String marker) {
        for (String line : lines) {
            if (line.contains(marker)) {
                return line.substring(1, line.indexOf(']'));
            }
        }
        throw new AssertionError("no line with" + marker);
    }
}
