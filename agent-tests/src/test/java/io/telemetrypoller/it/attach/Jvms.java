package io.telemetrypoller.it.attach;

import io.telemetrypoller.it.AgentJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real processes for the attach tests: example-target JVMs started without the agent, the command line
 * ({@code java -jar telemetry-poller.jar ...}) run with the target's java, and thread dumps through jcmd.
 */
final class Jvms {
    /** The jar under test, copied once so that a concurrent rebuild of agent/target cannot pull it away. */
    static final Path AGENT_JAR = copyOfAgentJar();
    static final Path EXAMPLE_JAR = AgentJvm.EXAMPLE_JAR;
    static final Path JAVA_HOME = AgentJvm.JAVA_HOME;
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);

    private Jvms() {
    }

    static String java() {
        return JAVA_HOME.resolve("bin/java").toString();
    }

    /** The target JDK's feature version. */
    static int javaVersion() throws Exception {
        Result r = run(Duration.ofSeconds(30), java(), "-XshowSettings:properties", "-version");
        for (String line : r.err.split("\\R")) {
            if (line.trim().startsWith("java.specification.version = ")) {
                return Integer.parseInt(line.trim().substring("java.specification.version = ".length()));
            }
        }
        throw new IllegalStateException("no java.specification.version in " + r.err);
    }

    /** A started process; closing it kills it (and waits). */
    static final class Proc implements AutoCloseable {
        final Process process;
        final Path stdout;
        final Path stderr;

        Proc(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String pid() {
            return Long.toString(process.pid());
        }

        String stderr() throws IOException {
            return new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(stdout, stderr, stdout.getParent());
        }
    }

    /** example-target for two minutes, quiet, without the agent (unless a -javaagent is among jvmArgs). */
    static Proc example(String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(Arrays.asList(jvmArgs));
        cmd.addAll(Arrays.asList("-jar", EXAMPLE_JAR.toString(), "--seconds", "120", "--quiet"));
        Proc p = start(cmd);
        awaitJvmReady(p);
        return p;
    }

    static Proc start(List<String> cmd) throws IOException {
        Path dir = Files.createTempDirectory("attach-it");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        clean(pb);
        return new Proc(pb.start(), out, err);
    }

    /**
     * Waits until the JVM has published its jvmstat file (what list starts from) and handles SIGQUIT (what
     * attach starts with: before that, the signal would kill it).
     */
    static void awaitJvmReady(Proc p) throws Exception {
        Path perfData = Paths.get(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                p.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.process.isAlive()) {
                fail("the target exited: " + p.stderr());
            }
            if (Files.exists(perfData) && catchesSigquit(p.pid())) {
                return;
            }
            Thread.sleep(50);
        }
        fail("pid " + p.pid() + " not ready: no " + perfData + " or SIGQUIT not handled");
    }

    static boolean catchesSigquit(String pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", pid, "status"))) {
            if (line.startsWith("SigCgt:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 2)) != 0;
            }
        }
        return false;
    }

    private static Path copyOfAgentJar() {
        Path built = AgentJvm.AGENT_JAR
                .toAbsolutePath().normalize();
        try {
            Path dir = Files.createTempDirectory("attach-it-agent");
            dir.toFile().setReadable(true, false); // the other-user test runs the jar as nobody
            dir.toFile().setExecutable(true, false);
            dir.toFile().deleteOnExit();
            Path copy = Files.copy(built, dir.resolve("telemetry-poller.jar"));
            copy.toFile().deleteOnExit(); // deleted before its directory (reverse order)
            copy.toFile().setReadable(true, false);
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the agent jar " + built + ": " + e, e);
        }
    }

    static final class Result {
        final int status;
        final String out;
        final String err;
        final List<String> command;

        Result(int status, String out, String err, List<String> command) {
            this.status = status;
            this.out = out;
            this.err = err;
            this.command = command;
        }

        /** The first stderr line, where a failure says why. */
        String errLine() {
            return err.split("\\R", 2)[0];
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code java -jar telemetry-poller.jar ARGS} with the target's java. */
    static Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(java(), "-jar", AGENT_JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        return run(CLI_TIMEOUT, cmd.toArray(new String[0]));
    }

    static Result run(Duration timeout, String... cmd) throws Exception {
        Path dir = Files.createTempDirectory("attach-it-run");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        clean(pb);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("no exit within " + timeout + ": " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), read(out), read(err), Arrays.asList(cmd));
        } finally {
            p.destroyForcibly();
            deleteQuietly(out, err, dir);
        }
    }

    /** The names of the JVM's threads that start with {@code telemetry-poller-}, from jcmd Thread.print. */
    static List<String> agentThreads(String pid) throws Exception {
        Result r = run(CLI_TIMEOUT, JAVA_HOME.resolve("bin/jcmd").toString(), pid, "Thread.print");
        if (r.status != 0) {
            fail("thread dump failed: " + r);
        }
        return r.out.lines().filter(l -> l.startsWith("\"telemetry-poller-"))
                .map(l -> l.substring(1, l.indexOf('"', 1))).collect(Collectors.toList());
    }

    private static void clean(ProcessBuilder pb) {
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
    }

    private static void deleteQuietly(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file left behind
            }
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
