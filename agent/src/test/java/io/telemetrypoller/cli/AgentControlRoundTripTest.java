package io.telemetrypoller.cli;

import io.telemetrypoller.agent.AgentEntry;
import io.telemetrypoller.agent.AgentRuntime;
import io.telemetrypoller.agent.StatusProperties;
import io.telemetrypoller.agent.ControlRequest;
import io.telemetrypoller.agent.PollerMBeans;
import io.telemetrypoller.internal.AgentLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line's protocol against the real agent, in this JVM: agentmain with the control argument,
 * the reply property, the published status read back by {@link TargetStatus}, and the pollers' MBeans.
 */
class AgentControlRoundTripTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();

    @BeforeEach
    void quietAgentLog() {
        AgentLog.redirect(new PrintStream(agentLog, true));
    }

    @AfterEach
    void stopAgent() {
        AgentRuntime.stop();
        AgentLog.redirect(System.err);
        AgentLog.setLevel(AgentLog.Level.INFO);
    }

    private static String send(String id, String command, String options) {
        AgentEntry.agentmain(ControlRequest.encode(StatusProperties.version(), id, command, options), null);
        return System.getProperty(ControlRequest.REPLY_PROPERTY);
    }

    @Test
    void attachReconfigureStopAndTheirReplies() throws Exception {
        String file = "file:" + dir.resolve("t.jsonl");
        assertEquals("r1 ok started: poller default (period 60000 ms: memory, system_counts); sinks: " + file,
                send("r1", "attach", "period=60000,measurements=memory+system_counts,sink=" + file));
        TargetStatus running = TargetStatus.of(System.getProperties());
        assertTrue(running.running());
        assertEquals(StatusProperties.version(), running.version());
        List<String> lines = running.describe("7");
        assertEquals("pid 7: telemetry-poller dev running since " + running.since(), lines.get(0));
        assertEquals(Arrays.asList(
                "  options: period=60000,measurements=memory+system_counts,sink=" + file,
                "  poller default: period 60000 ms, init_delay 0 ms, measurements memory, system_counts",
                "  sinks: " + file), lines.subList(1, lines.size()));

        assertEquals("r2 ok reconfigured: poller default (period 30000 ms: memory); sinks: " + file,
                send("r2", "attach", "period=30000,measurements=memory,sink=" + file));
        assertEquals(1, AgentRuntime.current().pollers().size());
        assertEquals(30000, AgentRuntime.current().pollers().get(0).periodMillis());

        assertEquals("r3 ok stopped", send("r3", "stop", ""));
        assertNull(AgentRuntime.current());
        TargetStatus stopped = TargetStatus.of(System.getProperties());
        assertEquals("stopped", stopped.state());
        assertTrue(stopped.sinks().isEmpty());
        assertEquals("r4 ok was not running", send("r4", "stop", ""));
    }

    @Test
    void invalidOptionsAreRepliedAndTheRunningAgentKeepsGoing() {
        send("r1", "attach", "period=60000,sink=file:" + dir.resolve("t.jsonl"));
        assertEquals("r2 error invalid period 'x': expected a positive integer (milliseconds)",
                send("r2", "attach", "period=x"));
        assertEquals(60000, AgentRuntime.current().pollers().get(0).periodMillis());
        assertTrue(TargetStatus.of(System.getProperties()).running());
    }

    @Test
    void anIncompatibleCommandLineIsRefused() {
        AgentEntry.agentmain(ControlRequest.encode("9.9.0", "r1", "attach", "period=60000"), null);
        assertEquals("r1 error this JVM runs telemetry-poller dev, the command line is 9.9.0: use the"
                + " telemetry-poller.jar of version dev.x", System.getProperty(ControlRequest.REPLY_PROPERTY));
        assertNull(AgentRuntime.current());
    }

    @Test
    void plainStopFromJcmdStopsToo() {
        AgentEntry.agentmain("period=60000,sink=file:" + dir.resolve("t.jsonl"), null);
        assertTrue(AgentRuntime.current() != null);
        AgentEntry.agentmain("stop", null);
        assertNull(AgentRuntime.current());
    }

    @Test
    void onePollerMBeanPerPollerWithAStopOperation() throws Exception {
        String file = "file:" + dir.resolve("t.jsonl");
        send("r1", "attach", "period=50,measurements=system_counts,sink=" + file);
        ObjectName name = new ObjectName("io.telemetrypoller:type=Poller,name=default");
        awaitRegistered(name, true);
        assertEquals(50L, SERVER.getAttribute(name, "Period"));
        assertArrayEquals(new String[] {"system_counts"}, (String[]) SERVER.getAttribute(name, "Measurements"));
        assertArrayEquals(new String[] {file}, (String[]) SERVER.getAttribute(name, "Sinks"));
        assertArrayEquals(new String[0], (String[]) SERVER.getAttribute(name, "FailedMeasurements"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((Long) SERVER.getAttribute(name, "PollCount") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue((Long) SERVER.getAttribute(name, "PollCount") >= 2);
        assertTrue((Long) SERVER.getAttribute(name, "LastPollDurationNanos") > 0);
        assertEquals(Boolean.TRUE, SERVER.getAttribute(name, "Running"));

        SERVER.invoke(name, "stop", new Object[0], new String[0]);
        assertEquals(Boolean.FALSE, SERVER.getAttribute(name, "Running"));
        assertTrue(TargetStatus.of(System.getProperties()).describe("7").get(2).endsWith(" (stopped)"));

        send("r2", "attach", "period=60000,name=other,sink=" + file); // reconfigure: new MBeans
        ObjectName other = PollerMBeans.objectName("other");
        awaitRegistered(other, true);
        assertFalse(SERVER.isRegistered(name));
        send("r3", "stop", "");
        assertFalse(SERVER.isRegistered(other));
    }

    @Test
    void aStopBeforeTheMBeansAreRegisteredCancelsThemAndEndsTheThread() throws Exception {
        send("r1", "attach", "period=60000,sink=file:" + dir.resolve("t.jsonl"));
        assertTrue(jmxThreadAlive(), "registration waits, off the caller's thread");
        send("r2", "stop", "");
        long deadline = System.nanoTime() + 1_000_000_000L; // well before the registration delay (2 s) is over
        while (jmxThreadAlive()) {
            if (System.nanoTime() > deadline) {
                fail("telemetry-poller-jmx still alive after stop");
            }
            Thread.sleep(10);
        }
        assertFalse(SERVER.isRegistered(new ObjectName("io.telemetrypoller:type=Poller,name=default")));
    }

    private static boolean jmxThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("telemetry-poller-jmx") && t.isAlive());
    }

    private static void awaitRegistered(ObjectName name, boolean registered) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (SERVER.isRegistered(name) != registered) {
            if (System.nanoTime() > deadline) {
                fail(name + (registered ? " not registered" : " still registered"));
            }
            Thread.sleep(10);
        }
    }
}
