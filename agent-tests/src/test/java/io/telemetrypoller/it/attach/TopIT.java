package io.telemetrypoller.it.attach;

import io.telemetrypoller.it.reporters.RealServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code top PID} for real: inside tmux (keys sent with send-keys, the screen read with capture-pane)
 * against example-target with the agent and its workers, and against one without the agent, which
 * must be left as it was found on every way out (q, Ctrl-C, a closed terminal, the command line
 * killed). The snapshot's layout, line by line.
 */
@Tag("jvm")
class TopIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKERS = "io.telemetrypoller.example.OrderWorker+io.telemetrypoller.example.Mailer";
    private static String tmux;
    private static String socket;
    private static Jvms.Proc withAgent;
    private static Path sinkFile;
    /** Feed files of other runs (a JVM killed while watched leaves its own): only new ones count. */
    private static Set<String> feedFilesBefore;

    @BeforeAll
    static void start() throws Exception {
        tmux = RealServers.onPath("tmux");
        feedFilesBefore = feedFiles();
        socket = "top-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        sinkFile = Files.createTempFile("top-it", ".jsonl");
        withAgent = Jvms.example("-javaagent:" + Jvms.AGENT_JAR + "=workers=" + WORKERS
                + ",executors=true,period=5000,sink=file:" + sinkFile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tmux != null) {
            Jvms.run(WAIT, tmux, "-L", socket, "kill-server");
        }
        if (withAgent != null) {
            withAgent.close();
        }
        if (sinkFile != null) {
            Files.deleteIfExists(sinkFile);
        }
    }

    @Test
    void showsTheRunningAgentsWorkersTheirQueuesMoveAndSortingChangesTheOrder() throws Exception {
        String pid = withAgent.pid();
        List<String> threadsBefore = settledThreads(pid);
        String statusBefore = Jvms.cli("status", pid).out;
        String session = open(pid);
        String screen = await(session, s -> s.contains("WORKERS  3, by queue") && s.contains("order-worker-1")
                && s.contains("EXECUTORS") && s.contains("example-pool"));
        assertTrue(screen.contains("MEMORY   heap ["), screen);
        assertTrue(screen.contains("RUN QUEUE  cpu"), screen);
        Set<String> queues = new LinkedHashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (queues.size() < 2 && System.nanoTime() < deadline) {
            queues.add(column(row(capture(session), "  order-worker-1 "), 1));
            Thread.sleep(500);
        }
        assertTrue(queues.size() >= 2, "order-worker-1's queue did not move in " + WAIT + ": " + queues);

        keys(session, "s", "s", "s"); // memory, cpu, name
        screen = await(session, s -> s.contains("WORKERS  3, by name\n"));
        assertEquals(Arrays.asList("Mailer-1", "order-worker-1", "order-worker-2"), workerOrder(screen));
        keys(session, "r");
        screen = await(session, s -> s.contains("WORKERS  3, by name reversed"));
        assertEquals(Arrays.asList("order-worker-2", "order-worker-1", "Mailer-1"), workerOrder(screen));
        keys(session, "?");
        await(session, s -> s.contains("KEYS") && s.contains("q        quit"));
        keys(session, "q");
        screen = await(session, s -> s.contains("top exited 0") && s.contains("tty: "));
        assertRestored(screen);

        assertEquals(threadsBefore, sorted(Jvms.agentThreads(pid)), "the agent's threads, as they were");
        assertEquals(statusBefore, Jvms.cli("status", pid).out, "its configuration, as it was");
        assertNoFeedProperty(pid);
    }

    @Test
    void aJvmWithoutTheAgentIsLeftAsItWasFoundOnEveryWayOut() throws Exception {
        try (Jvms.Proc target = Jvms.example()) {
            String pid = target.pid();
            assertEquals(Collections.emptyList(), Jvms.agentThreads(pid));

            String session = open(pid); // q
            String screen = await(session, s -> s.contains("BUSIEST THREADS") && s.contains("order-worker-1"));
            assertTrue(screen.contains("executors         -  (counted with executors=true in the agent)"), screen);
            keys(session, "q");
            assertRestored(await(session, s -> s.contains("top exited 0") && s.contains("tty: ")));
            assertLeftAsFound(target);

            session = open(pid); // Ctrl-C
            await(session, s -> s.contains("BUSIEST THREADS"));
            keys(session, "C-c");
            assertRestored(await(session, s -> s.contains("top exited 130") && s.contains("tty: ")));
            assertLeftAsFound(target);

            session = open(pid); // the terminal closed: SIGHUP
            await(session, s -> s.contains("BUSIEST THREADS"));
            Jvms.run(WAIT, tmux, "-L", socket, "kill-session", "-t", session);
            awaitLeftAsFound(target);

            session = open(pid); // the command line killed: the feed sees it gone
            await(session, s -> s.contains("BUSIEST THREADS"));
            Jvms.Result pids = Jvms.run(WAIT, "pgrep", "-f", "telemetry-poller.jar top " + pid + "$");
            assertEquals(0, pids.status, "no top process: " + pids);
            for (String p : pids.out.trim().split("\\s+")) {
                Jvms.run(WAIT, "kill", "-9", p);
            }
            awaitLeftAsFound(target);
            assertTrue(target.process.isAlive(), "the target keeps running");
        }
    }

    /** A JVM that exits while watched leaves no feed file, and top says why it stopped. */
    @Test
    void aJvmThatExitsWhileWatchedLeavesNoFile() throws Exception {
        try (Jvms.Proc target = Jvms.start(Arrays.asList(Jvms.java(), "-jar", Jvms.EXAMPLE_JAR.toString(),
                "--seconds", "8", "--quiet"))) {
            Jvms.awaitJvmReady(target);
            String pid = target.pid();
            String session = open(pid);
            await(session, s -> s.contains("BUSIEST THREADS"));
            String screen = await(session, s -> s.contains("top exited 1") && s.contains("tty: "));
            assertTrue(screen.contains("telemetry-poller: pid " + pid + ": the agent's feed ended"), screen);
            assertRestored(screen);
            assertTrue(!target.process.isAlive());
            Set<String> left = feedFiles();
            left.removeAll(feedFilesBefore);
            assertEquals(Collections.emptySet(), left, "the feed's file is left");
        }
    }

    /**
     * A JVM in a pid namespace of its own (as in a container, watched from the host) cannot see the top
     * process's pid: the feed then lives on top's lease file, and still ends when top is killed.
     */
    @Test
    void aJvmInAnotherPidNamespaceIsWatchedAndLeftAsFound() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI: this test needs root (unshare --pid)");
        }
        Assumptions.assumeTrue(root, "needs root (unshare --pid)");
        String unshare = RealServers.onPath("unshare");
        try (Jvms.Proc ns = Jvms.start(Arrays.asList(unshare, "--pid", "--fork", "--mount-proc", Jvms.java(), "-jar",
                Jvms.EXAMPLE_JAR.toString(), "--seconds", "120", "--quiet"))) {
            String pid = javaInside(ns);
            Jvms.Result once = Jvms.cli("top", pid, "--once");
            assertEquals(0, once.status, once.toString());
            assertTrue(once.out.startsWith("pid " + pid + "  "), once.out);
            assertTrue(once.out.contains("RUN QUEUE  cpu"), once.out);

            String session = open(pid);
            await(session, s -> s.contains("BUSIEST THREADS"));
            Jvms.Result pids = Jvms.run(WAIT, "pgrep", "-f", "telemetry-poller.jar top " + pid + "$");
            assertEquals(0, pids.status, "no top process: " + pids);
            for (String p : pids.out.trim().split("\\s+")) {
                Jvms.run(WAIT, "kill", "-9", p);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Jvms.agentThreads(pid).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the feed did not end: " + Jvms.agentThreads(pid));
                Thread.sleep(500);
            }
            assertNoFeedProperty(pid);
            assertTrue(ns.process.isAlive(), "the target keeps running");
        }
    }

    /** The pid (ours) of the java that unshare started, once it handles SIGQUIT (attach starts with it). */
    private static String javaInside(Jvms.Proc ns) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ProcessHandle h : (Iterable<ProcessHandle>) ns.process.descendants()::iterator) {
                String cmd = h.info().command().orElse("");
                String pid = Long.toString(h.pid());
                if (cmd.endsWith("/java") && Files.exists(Paths.get("/proc", pid, "status")) && Jvms.catchesSigquit(pid)) {
                    Thread.sleep(500); // its attach listener's socket directory ready
                    return pid;
                }
            }
            Thread.sleep(100);
        }
        return fail("no java started by unshare: " + ns.stderr());
    }

    @Test
    void aSnapshotHasTheLayoutOfTheScreen() throws Exception {
        Jvms.Result r = Jvms.cli("top", withAgent.pid(), "--once");
        assertEquals(0, r.status, r.toString());
        String spark = " {2}\\S{2,3}";
        List<String> expected = Arrays.asList(
                "pid " + withAgent.pid() + "  \\S*example-target\\.jar  .+ [0-9.]+\\S*  up \\d+:\\d\\d:\\d\\d",
                "collectors .+  every 1 s  \\? keys  q quit",
                "",
                "MEMORY   heap \\[[#.-]{40}\\] \\S+ used, \\S+ committed, \\S+ max",
                "         rss \\S+  non-heap \\S+  direct \\S+  mapped \\S+",
                "         pools .+",
                "",
                "RUN QUEUE  cpu +[0-9.]+" + spark,
                "           io +\\d+" + spark,
                "           virtual +\\d+" + spark,
                "           executors +\\d+" + spark,
                "",
                "THREADS  \\d+ of \\d+ \\(\\d+ daemon, peak \\d+\\)   CLASSES \\d+ loaded, \\d+ unloaded   FDS \\d+ of \\d+",
                "GC       [0-9.]+/s, [0-9.]+ ms/s, longest (-|\\d+ ms) in the last minute   CPU [0-9.]+% of \\d+ cores"
                        + " \\([0-9.]+ busy\\), load [0-9.]+",
                "SAFEPOINTS [0-9.]+/s, stopped [0-9.]+ ms/s \\([0-9.]+ of it reaching them\\)   ALLOCATION [0-9.]+[BKMG]/s"
                        + "   JIT [0-9.]+ ms/s",
                // this machine's cgroup (v1 here; the tests run in one, as ContainerIT's do)
                "CONTAINER memory \\S+(, no limit| of \\S+ \\([0-9.]+%\\))(, peak \\S+)?(, \\d+ OOM kills)?"
                        + "   cpu (no quota|quota [0-9.]+ cores.*)",
                "",
                "WORKERS  3, by queue",
                "  NAME {47}QUEUE   MEMORY   CPU%  STATE",
                "  (order-worker-[12]|Mailer-1) +\\d+ +[0-9.]+[BKM] +[0-9.]+  [A-Z_]+",
                "  (order-worker-[12]|Mailer-1) +\\d+ +[0-9.]+[BKM] +[0-9.]+  [A-Z_]+",
                "  (order-worker-[12]|Mailer-1) +\\d+ +[0-9.]+[BKM] +[0-9.]+  [A-Z_]+",
                "",
                "EXECUTORS  3, by queued",
                "  NAME {46}QUEUED  ACTIVE  POOL  CLASS",
                "  \\S+ +\\d+ +\\d+ +\\d+  (ForkJoinPool|ThreadPoolExecutor|ScheduledThreadPoolExecutor)",
                "  \\S+ +\\d+ +\\d+ +\\d+  (ForkJoinPool|ThreadPoolExecutor|ScheduledThreadPoolExecutor)",
                "  \\S+ +\\d+ +\\d+ +\\d+  (ForkJoinPool|ThreadPoolExecutor|ScheduledThreadPoolExecutor)");
        List<String> lines = Arrays.asList(r.out.split("\n", -1));
        assertEquals(expected.size() + 1, lines.size(), r.out); // and the last newline
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(lines.get(i).matches(expected.get(i)), "line " + (i + 1) + " '" + lines.get(i) + "' does not match '"
                    + expected.get(i) + "' in\n" + r.out);
        }
        assertEquals("", lines.get(expected.size()));
    }

    // ---- tmux ----

    /** Starts {@code top PID} in a new tmux session of 120x45; after it exits, the shell prints its status and tty modes. */
    private static String open(String pid) throws Exception {
        String session = "top" + ThreadLocalRandom.current().nextInt(1_000_000);
        String cmd = "env -u JAVA_TOOL_OPTIONS LANG=C.UTF-8 " + Jvms.java() + " -jar " + Jvms.AGENT_JAR + " top " + pid
                + "; echo \"top exited $?\"; echo \"tty: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon"
                + " -e echo -e -echo | tr '\\n' ' ')\"; sleep 600";
        Jvms.Result r = Jvms.run(WAIT, tmux, "-L", socket, "-u", "new-session", "-d", "-s", session, "-x", "120", "-y", "45", cmd);
        assertEquals(0, r.status, r.toString());
        return session;
    }

    private static void keys(String session, String... keys) throws Exception {
        for (String k : keys) {
            Jvms.Result r = Jvms.run(WAIT, tmux, "-L", socket, "send-keys", "-t", session, k);
            assertEquals(0, r.status, r.toString());
            Thread.sleep(100);
        }
    }

    private static String capture(String session) throws Exception {
        Jvms.Result r = Jvms.run(WAIT, tmux, "-L", socket, "capture-pane", "-p", "-t", session);
        assertEquals(0, r.status, r.toString());
        return r.out;
    }

    private static String await(String session, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture(session);
            if (ready.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        return fail("the screen did not show what was awaited in " + WAIT + ":\n" + screen);
    }

    /** After top: the main screen back (top's lines gone) and the tty modes as the shell had them. */
    private static void assertRestored(String screen) {
        assertTrue(screen.contains("tty: icanon echo"), "the terminal was not restored:\n" + screen);
        assertTrue(!screen.contains("RUN QUEUE"), "top's screen stayed:\n" + screen);
    }

    // ---- the target ----

    private static void assertLeftAsFound(Jvms.Proc target) throws Exception {
        String pid = target.pid();
        assertEquals(Collections.emptyList(), Jvms.agentThreads(pid), "a thread of ours is left");
        Jvms.Result status = Jvms.cli("status", pid);
        assertEquals(1, status.status, status.toString());
        assertEquals("telemetry-poller: pid " + pid + ": no telemetry-poller agent runs there (start one with: attach "
                + pid + " [OPTIONS])", status.errLine());
        assertNoFeedProperty(pid);
        assertTrue(target.process.isAlive(), "the target keeps running");
    }

    private static void awaitLeftAsFound(Jvms.Proc target) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Jvms.agentThreads(target.pid()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the feed did not end: " + Jvms.agentThreads(target.pid()));
            Thread.sleep(200);
        }
        assertLeftAsFound(target);
    }

    private static void assertNoFeedProperty(String pid) throws Exception {
        Jvms.Result props = Jvms.run(WAIT, Jvms.JAVA_HOME.resolve("bin/jcmd").toString(), pid, "VM.system_properties");
        assertEquals(0, props.status, props.toString());
        assertTrue(!props.out.contains("telemetry-poller.top."), "the feed's property is left:\n" + props.out);
        Set<String> left = feedFiles();
        left.removeAll(feedFilesBefore);
        assertEquals(Collections.emptySet(), left, "the feed's file is left");
    }

    // ---- the screen's rows ----

    private static String row(String screen, String prefix) {
        for (String line : screen.split("\n")) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return fail("no row " + prefix.trim() + " in\n" + screen);
    }

    private static String column(String row, int index) {
        return row.trim().split("\\s+")[index];
    }

    private static List<String> workerOrder(String screen) {
        List<String> names = new ArrayList<>();
        boolean in = false;
        for (String line : screen.split("\n")) {
            if (line.startsWith("  NAME ") && !names.isEmpty()) {
                break;
            }
            if (in && line.startsWith("  ") && !line.startsWith("  NAME ")) {
                names.add(column(line, 0));
            } else if (line.startsWith("WORKERS")) {
                in = true;
            } else if (in && line.isEmpty()) {
                break;
            }
        }
        return names;
    }

    /** The agent's threads once its start-up ones (start, jmx) have ended: the same twice, a second apart. */
    private static List<String> settledThreads(String pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> before = sorted(Jvms.agentThreads(pid));
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            List<String> now = sorted(Jvms.agentThreads(pid));
            if (now.equals(before) && !now.contains("telemetry-poller-start")) {
                return now;
            }
            before = now;
        }
        return fail("the agent's threads did not settle: " + before);
    }

    private static Set<String> feedFiles() {
        Set<String> names = new java.util.TreeSet<>();
        String[] all = new File(System.getProperty("java.io.tmpdir")).list((d, n) -> n.startsWith("telemetry-poller-top-"));
        names.addAll(Arrays.asList(all == null ? new String[0] : all));
        return names;
    }

    private static List<String> sorted(List<String> names) {
        List<String> s = new ArrayList<>(names);
        Collections.sort(s);
        return s;
    }
}
