package io.telemetrypoller.it.attach;

import io.telemetrypoller.it.attach.Jvms.Proc;
import io.telemetrypoller.it.attach.Jvms.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.telemetrypoller.it.attach.Jvms.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each failure the command line reports: one line on stderr, exit 1 (2 for a malformed command line). */
@Tag("jvm")
class AttachErrorsIT {
    private static Proc plain;

    @BeforeAll
    static void startPlainTarget() throws Exception {
        plain = Jvms.example();
    }

    @AfterAll
    static void killPlainTarget() {
        if (plain != null) {
            plain.close();
        }
    }

    private static void assertFails(Result r, String line) {
        assertEquals(1, r.status, r.toString());
        assertEquals("telemetry-poller: " + line, r.err.trim(), r.toString());
    }

    @Test
    void noSuchProcess() throws Exception {
        long pid = 999_999;
        while (ProcessHandle.of(pid).isPresent()) {
            pid--;
        }
        assertFails(cli("attach", Long.toString(pid), "period=500"), "no such process: " + pid);
        assertFails(cli("status", Long.toString(pid)), "no such process: " + pid);
    }

    @Test
    void invalidOptionsAreRefusedBeforeAnythingIsLoaded() throws Exception {
        assertFails(cli("attach", plain.pid(), "period=0"),
                "invalid period '0': expected a positive integer (milliseconds) (nothing was attached)");
        assertFails(cli("status", plain.pid()), "pid " + plain.pid() + ": no telemetry-poller agent runs there (start"
                + " one with: attach " + plain.pid() + " [OPTIONS])");
        assertFails(cli("stop", plain.pid()), "pid " + plain.pid() + ": no telemetry-poller agent runs there: nothing to stop");
    }

    @Test
    void aMalformedCommandLineIsAUsageError() throws Exception {
        Result r = cli("attach", "not-a-pid");
        assertEquals(2, r.status, r.toString());
        assertTrue(r.errLine().contains("invalid PID 'not-a-pid'"), r.toString());
        assertEquals(2, cli("frobnicate").status);
        assertEquals(2, cli().status);
    }

    @Test
    void aProcessThatIsNotAJvmIsLeftAlone() throws Exception {
        // JDK 17's Attach API would send it SIGQUIT, which kills a process that does not handle it
        try (Proc sleep = Jvms.start(Arrays.asList("sleep", "120"))) {
            Thread.sleep(200);
            assertFails(cli("attach", sleep.pid()), "pid " + sleep.pid() + " (sleep) is not a Java VM: nothing to attach to");
            assertTrue(sleep.process.isAlive());
        }
    }

    /**
     * A file sink that cannot be opened (a name too long, a directory missing or read-only) was answered
     * "started" with exit 0 (issue 13, defect 9): now the answer and the error carry the target's reason.
     */
    @Test
    void aFileSinkThatCannotBeOpenedFailsTheAttachWithTheTargetsReason() throws Exception {
        Path tmp = Files.createTempDirectory("attach-sink");
        String tooLong = tmp.resolve(repeat('x', 300) + ".jsonl").toString();
        String noDir = tmp.resolve("no/such/dir/t.jsonl").toString();
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_EXECUTE));
        String inReadOnly = readOnly.resolve("t.jsonl").toString();
        boolean root = "root".equals(System.getProperty("user.name"));
        String[][] cases = { // a name too long can never work: refused, not started
            {tooLong, "not started: " + tooLong + ": File name too long; sink=file: takes a regular file", ""},
            {noDir, "cannot open it (No such file or directory), tried again at every batch", "file:" + noDir + ", "},
            {inReadOnly, "cannot open it (Permission denied), tried again at every batch", "file:" + inReadOnly + ", "},
        };
        for (String[] c : cases) {
            if (root && c[0].equals(inReadOnly)) {
                continue; // root writes into a read-only directory
            }
            try (Proc target = Jvms.example()) {
                Result r = cli("attach", target.pid(), "period=500,sink=file:" + c[0] + "+stderr");
                String problem = "sink file:" + c[0] + ": " + c[1];
                assertEquals(1, r.status, r.toString());
                assertEquals("pid " + target.pid() + ": started: poller default (period 500 ms: memory, "
                        + "total_run_queue_lengths, system_counts); sinks: " + c[2] + "stderr; " + problem,
                        r.out.trim(), r.toString());
                assertEquals("telemetry-poller: pid " + target.pid() + ": " + problem + " (the other sinks run)",
                        r.err.trim(), r.toString());
                assertTrue(target.process.isAlive());
                Result status = cli("status", target.pid());
                assertTrue(status.out.contains("\n  sink failed: file:" + c[0] + ": " + c[1]),
                        status.toString());
            }
        }
    }

    private static String repeat(char c, int n) {
        char[] a = new char[n];
        java.util.Arrays.fill(a, c);
        return new String(a);
    }

    @Test
    void attachDisabled() throws Exception {
        try (Proc target = Jvms.example("-XX:+DisableAttachMechanism")) {
            assertFails(cli("attach", target.pid(), "period=500"), "pid " + target.pid() + " does not accept attach: it runs"
                    + " with -XX:+DisableAttachMechanism (start it with -javaagent instead, see docs/attach.md)");
        }
    }

    @Test
    void dynamicAgentLoadingDisabled() throws Exception {
        assumeTrue(Jvms.javaVersion() >= 21, "-XX:-EnableDynamicAgentLoading: JDK 21+");
        try (Proc target = Jvms.example("-XX:-EnableDynamicAgentLoading")) {
            assertFails(cli("attach", target.pid(), "period=500"), "pid " + target.pid() + " refuses agents loaded at run"
                    + " time (-XX:-EnableDynamicAgentLoading): restart it with -XX:+EnableDynamicAgentLoading, or with"
                    + " -javaagent:" + Jvms.AGENT_JAR);
        }
    }

    /**
     * A JVM whose agent is of another version: simulated by the property the agent publishes (the
     * classes of a real other version would answer the same way, see AgentControlRoundTripTest).
     */
    @Test
    void anAgentOfAnIncompatibleVersion() throws Exception {
        String mine = cli("--version").out.trim().substring("telemetry-poller ".length());
        try (Proc target = Jvms.example("-Dtelemetry-poller.version=9.9.0")) {
            String why = "pid " + target.pid() + " runs telemetry-poller 9.9.0 and this command is " + mine + ": use the"
                    + " telemetry-poller.jar of that version (a JVM keeps the agent classes it loaded first)";
            assertFails(cli("attach", target.pid(), "period=500"), why);
            assertFails(cli("stop", target.pid()), why);
        }
    }

    /** Needs root to run the command line as another user (nobody) against this user's JVM. */
    @Test
    void aProcessOfAnotherUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Paths.get("/usr/bin/setpriv")),
                "runs as root with setpriv");
        assumeTrue(readableByOthers(Jvms.AGENT_JAR), "the agent jar must be readable by nobody");
        Result r = Jvms.run(Duration.ofSeconds(60), "/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Jvms.java(), "-jar", Jvms.AGENT_JAR.toString(), "attach", plain.pid(), "period=500");
        assertFails(r, "pid " + plain.pid() + " belongs to user root and this command runs as nobody: the JVM accepts"
                + " attach only from its own user (run this command as that user, e.g. sudo -u root)");
        // nobody cannot see root's JVMs at all
        Result list = Jvms.run(Duration.ofSeconds(60), "/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Jvms.java(), "-jar", Jvms.AGENT_JAR.toString(), "list");
        assertEquals(0, list.status, list.toString());
        assertFalse(list.out.lines().anyMatch(l -> l.startsWith(plain.pid() + " ")), list.toString());
    }

    private static boolean readableByOthers(Path jar) throws Exception {
        for (Path p = jar; p != null; p = p.getParent()) {
            java.util.Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            List<PosixFilePermission> needed = Files.isDirectory(p)
                    ? List.of(PosixFilePermission.OTHERS_EXECUTE) : List.of(PosixFilePermission.OTHERS_READ);
            if (!perms.containsAll(needed)) {
                return false;
            }
        }
        return true;
    }
}
