package io.telemetrypoller.it.attach;

import com.sun.tools.attach.VirtualMachine;
import io.telemetrypoller.it.attach.Jvms.Proc;
import io.telemetrypoller.it.attach.Jvms.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import static io.telemetrypoller.it.attach.Jvms.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The attach flow of the README against a real example-target started without the agent: list, attach,
 * reconfigure, status, stop, attach again; the same for a JVM started with -javaagent; the MBeans.
 */
@Tag("jvm")
class AttachFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MEASUREMENTS = "memory, total_run_queue_lengths, system_counts";

    @TempDir
    Path dir;

    @Test
    void listAttachReconfigureStatusStopAndAttachAgain() throws Exception {
        EventFile events = new EventFile(dir.resolve("events.jsonl"));
        String sink = "file:" + dir.resolve("events.jsonl");
        try (Proc target = Jvms.example()) {
            String pid = target.pid();
            assertEquals(pid + " - " + Jvms.EXAMPLE_JAR, row(cli("list"), pid));

            Result attach = cli("attach", pid, "sink=" + sink + ",period=500");
            assertEquals(0, attach.status, attach.toString());
            assertEquals("pid " + pid + ": started: poller default (period 500 ms: " + MEASUREMENTS + "); sinks: " + sink,
                    attach.out.trim());
            List<Instant> slow = events.awaitPolls(5, WAIT).subList(0, 5);
            assertTrue(row(cli("list"), pid).matches(Pattern.quote(pid) + " running \\S+ "
                    + Pattern.quote(Jvms.EXAMPLE_JAR.toString())));

            Result status = cli("status", pid);
            assertEquals(0, status.status, status.toString());
            List<String> lines = status.out.lines().toList();
            assertTrue(lines.get(0).matches("pid " + pid + ": telemetry-poller \\S+ running since \\S+Z"), lines.get(0));
            assertEquals(Arrays.asList("  options: sink=" + sink + ",period=500",
                    "  poller default: period 500 ms, init_delay 0 ms, measurements " + MEASUREMENTS,
                    "  sinks: " + sink), lines.subList(1, lines.size()));

            Result faster = cli("attach", pid, "period=200"); // the other keys keep their running values
            assertEquals(0, faster.status, faster.toString());
            assertEquals("pid " + pid + ": reconfigured: poller default (period 200 ms: " + MEASUREMENTS + "); sinks: "
                    + sink, faster.out.trim());
            int reconfigured = events.polls().size();
            List<Instant> all = events.awaitPolls(reconfigured + 8, WAIT);
            List<Instant> fast = all.subList(all.size() - 8, all.size());
            long slowGap = EventFile.medianGapMillis(slow);
            long fastGap = EventFile.medianGapMillis(fast);
            assertTrue(slowGap >= 300 && fastGap <= 350 && fastGap * 10 < slowGap * 7,
                    "median gap between polls: " + slowGap + " ms at period 500, " + fastGap + " ms at period 200");
            assertOnePollerThread(pid);
            String reconfiguredStatus = cli("status", pid).out;
            assertTrue(reconfiguredStatus.contains("  options: sink=" + sink + ",period=200\n"), reconfiguredStatus);
            assertTrue(reconfiguredStatus.contains("  poller default: period 200 ms,"), reconfiguredStatus);

            Result stop = cli("stop", pid);
            assertEquals(0, stop.status, stop.toString());
            assertEquals("pid " + pid + ": telemetry-poller stopped", stop.out.trim());
            awaitNoAgentThreads(pid);
            int afterStop = events.events().size();
            Thread.sleep(1_000); // five periods
            assertEquals(afterStop, events.events().size(), "no event after stop");
            Result stopped = cli("status", pid);
            assertEquals(1, stopped.status, stopped.toString());
            assertTrue(stopped.errLine().matches("telemetry-poller: pid " + pid + ": telemetry-poller \\S+ is stopped"
                    + " since \\S+ \\(attach starts it again\\)"), stopped.errLine());
            assertTrue(row(cli("list"), pid).startsWith(pid + " stopped "));
            assertEquals(0, cli("stop", pid).status, "stopping twice is fine");

            EventFile again = new EventFile(dir.resolve("again.jsonl"));
            Result restart = cli("attach", pid, "sink=file:" + dir.resolve("again.jsonl") + ",period=200");
            assertEquals(0, restart.status, restart.toString());
            assertTrue(restart.out.startsWith("pid " + pid + ": started: "), restart.out);
            again.awaitPolls(3, WAIT);
            assertEquals(0, cli("stop", pid).status);
            awaitNoAgentThreads(pid);
            assertTrue(target.process.isAlive(), "the host runs on");
        }
    }

    @Test
    void aJvmStartedWithJavaagentIsReconfiguredAndStoppedTheSameWay() throws Exception {
        Path copy = Files.copy(Jvms.AGENT_JAR, dir.resolve("telemetry-poller-copy.jar")); // another path, same version
        EventFile startup = new EventFile(dir.resolve("startup.jsonl"));
        EventFile attached = new EventFile(dir.resolve("attached.jsonl"));
        try (Proc target = Jvms.example("-javaagent:" + copy + "=sink=file:" + dir.resolve("startup.jsonl") + ",period=1000")) {
            String pid = target.pid();
            startup.awaitPolls(1, WAIT);
            assertTrue(row(cli("list"), pid).startsWith(pid + " running "));

            Result attach = cli("attach", pid, "sink=file:" + dir.resolve("attached.jsonl") + ",period=200");
            assertEquals(0, attach.status, attach.toString());
            assertTrue(attach.out.startsWith("pid " + pid + ": reconfigured: poller default (period 200 ms"), attach.out);
            int startupEvents = startup.events().size();
            attached.awaitPolls(3, WAIT);
            assertEquals(startupEvents, startup.events().size(), "the start-up sink was closed");
            assertOnePollerThread(pid);

            Result replace = cli("attach", "--replace", pid, "sink=file:" + dir.resolve("attached.jsonl"));
            assertEquals(0, replace.status, replace.toString());
            assertTrue(replace.out.startsWith("pid " + pid + ": reconfigured: poller default (period 5000 ms"),
                    "--replace: the period left out is back to its default: " + replace.out);

            Result stop = cli("stop", pid);
            assertEquals(0, stop.status, stop.toString());
            awaitNoAgentThreads(pid);
            int n = attached.events().size();
            Thread.sleep(1_000);
            assertEquals(n, attached.events().size());
        }
    }

    @Test
    void eachPollerHasAnMBeanWithAStopOperation() throws Exception {
        try (Proc target = Jvms.example()) {
            String pid = target.pid();
            String sink = "file:" + dir.resolve("events.jsonl");
            assertEquals(0, cli("attach", pid, "sink=" + sink + ",period=200,measurements=memory+system_counts").status);
            VirtualMachine vm = VirtualMachine.attach(pid);
            String address;
            try {
                address = vm.startLocalManagementAgent(); // the test's own JMX view; the CLI never does this
            } finally {
                vm.detach();
            }
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.telemetrypoller:type=Poller,name=default");
                awaitRegistered(server, name, true);
                assertEquals(200L, server.getAttribute(name, "Period"));
                assertArrayEquals(new String[] {"memory", "system_counts"}, (String[]) server.getAttribute(name, "Measurements"));
                assertArrayEquals(new String[] {sink}, (String[]) server.getAttribute(name, "Sinks"));
                assertArrayEquals(new String[0], (String[]) server.getAttribute(name, "FailedMeasurements"));
                assertTrue((Long) server.getAttribute(name, "LastPollDurationNanos") >= 0);
                long polls = (Long) server.getAttribute(name, "PollCount");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while ((Long) server.getAttribute(name, "PollCount") < polls + 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue((Long) server.getAttribute(name, "PollCount") >= polls + 2, "PollCount moves");

                server.invoke(name, "stop", new Object[0], new String[0]);
                assertEquals(Boolean.FALSE, server.getAttribute(name, "Running"));
                assertTrue(cli("status", pid).out.contains("measurements memory, system_counts (stopped)"));

                assertEquals(0, cli("stop", pid).status);
                awaitRegistered(server, name, false);
            }
        }
    }

    /** The row of {@code pid} in list's output, its columns joined by one space. */
    private static String row(Result list, String pid) {
        assertEquals(0, list.status, list.toString());
        assertTrue(list.out.startsWith("PID "), list.out);
        return list.out.lines().map(l -> l.trim().replaceAll("\\s+", " ")).filter(l -> l.startsWith(pid + " "))
                .findFirst().orElseGet(() -> fail("pid " + pid + " not listed: " + list));
    }

    /** After a reconfigure: one thread for the poller, and no agent thread twice. */
    private static void assertOnePollerThread(String pid) throws Exception {
        List<String> threads = Jvms.agentThreads(pid);
        assertEquals(1, Collections.frequency(threads, "telemetry-poller-default"), threads.toString());
        assertEquals(threads.size(), new HashSet<>(threads).size(), "a thread twice: " + threads);
    }

    private static void awaitNoAgentThreads(String pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> threads;
        while (!(threads = Jvms.agentThreads(pid)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("agent threads still running after stop: " + threads);
            }
            Thread.sleep(200);
        }
    }

    private static void awaitRegistered(MBeanServerConnection server, ObjectName name, boolean registered)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.isRegistered(name) != registered) {
            if (System.nanoTime() > deadline) {
                fail(name + (registered ? " never registered" : " still registered"));
            }
            Thread.sleep(100);
        }
        assertFalse(registered && !server.isRegistered(name));
    }
}
