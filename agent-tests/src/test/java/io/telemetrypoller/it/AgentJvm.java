package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Launches a real JVM (the one named by the {@code target.java.home} property, so the suite runs on
 * JDK 17 and again on JDK 25) with or without the agent, with stdout and stderr captured to files.
 * Always close it: it kills the process if it is still running.
 */
public final class AgentJvm implements AutoCloseable {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("agent.jar", "../agent/target/telemetry-poller.jar")).toAbsolutePath().normalize();
    public static final Path EXAMPLE_JAR = Paths.get(System.getProperty("example.jar", "../example-target/target/example-target.jar")).toAbsolutePath().normalize();
    public static final Path JAVA_HOME = Paths.get(System.getProperty("target.java.home", System.getProperty("java.home")));
    public static final Path TEST_CLASSES = Paths.get("target/test-classes").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;

    private AgentJvm(Process process, Path stdout, Path stderr, List<String> command) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
    }

    public static Path java() {
        return JAVA_HOME.resolve("bin/java");
    }

    /** The target JDK's feature version (17, 25, ...). */
    public static int javaVersion() {
        try {
            Path release = JAVA_HOME.resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Runtime.version().feature();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds the command line; {@link #start} launches it. */
    public static final class Builder {
        private String agentOptions; // null: no agent
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> mainAndArgs = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private boolean rawCommand;
        private final List<String> cgroupProcs = new ArrayList<>();

        public Builder agent(String options) {
            this.agentOptions = options;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Runs example-target for {@code seconds}, quietly. */
        public Builder example(int seconds) {
            mainAndArgs.addAll(Arrays.asList("-jar", EXAMPLE_JAR.toString(), "--seconds", Integer.toString(seconds), "--quiet"));
            return this;
        }

        /** Runs a purpose-built target from this module's test classes. */
        public Builder target(Class<?> main, String... args) {
            mainAndArgs.addAll(Arrays.asList("-cp", TEST_CLASSES.toString(), main.getName()));
            mainAndArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** Runs a single source file in source-file mode (JEP 330): {@code java -javaagent:... Main.java}. */
        public Builder sourceFile(Path javaFile, String... args) {
            mainAndArgs.add(javaFile.toString());
            mainAndArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** A target that needs this module's test dependencies too (a real server): the whole test class path. */
        public Builder targetWithDependencies(Class<?> main, String... args) {
            mainAndArgs.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), main.getName()));
            mainAndArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** Starts the JVM inside these cgroups: a shell writes its pid to each {@code cgroup.procs}, then execs java. */
        public Builder inCgroups(Path... cgroupDirs) {
            for (Path d : cgroupDirs) {
                cgroupProcs.add(d.resolve("cgroup.procs").toString());
            }
            return this;
        }

        /** Any other command (a JDK tool, a shell) run exactly as given, instead of java with the agent. */
        public Builder command(String... cmd) {
            mainAndArgs.clear();
            mainAndArgs.addAll(Arrays.asList(cmd));
            rawCommand = true;
            return this;
        }

        public AgentJvm start() throws IOException {
            List<String> cmd = new ArrayList<>();
            if (rawCommand) {
                cmd.addAll(mainAndArgs);
            } else {
                cmd.add(java().toString());
                cmd.add("-Xshare:auto");
                if (agentOptions != null) {
                    cmd.add("-javaagent:" + AGENT_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
                }
                cmd.addAll(jvmArgs);
                cmd.addAll(mainAndArgs);
            }
            if (!cgroupProcs.isEmpty()) {
                StringBuilder join = new StringBuilder();
                for (String procs : cgroupProcs) {
                    join.append("echo $$ > '").append(procs).append("' && ");
                }
                List<String> wrapped = new ArrayList<>(Arrays.asList("sh", "-c", join + "exec \"$0\" \"$@\""));
                wrapped.addAll(cmd);
                cmd = wrapped;
            }
            Path dir = Files.createTempDirectory("agent-jvm");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("_JAVA_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().putAll(env);
            return new AgentJvm(pb.start(), out, err, cmd);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to end; fails with its output if it does not within the timeout. */
    public int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("JVM still running after " + timeout + ": " + describe());
        }
        return process.exitValue();
    }

    public String stdout() throws IOException {
        return new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
    }

    public List<String> stderrLines() throws IOException {
        return lines(stderr());
    }

    /** The stderr lines of the agent (prefixed {@code telemetry-poller: }). */
    public List<String> agentLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : stderrLines()) {
            if (l.startsWith("telemetry-poller: ")) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Every JSON event line printed on stdout so far; a last line without its newline is still being
     * written and is left for the next call (parsing it half written failed OtlpFaultIT once).
     */
    public List<JsonNode> events() throws IOException {
        String out = stdout();
        return parseEvents(out.substring(0, out.lastIndexOf('\n') + 1));
    }

    public static List<JsonNode> parseEvents(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines(text)) {
            if (line.startsWith("{\"time\"")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Waits until {@code count} events satisfy {@code match}; returns them (fails with output on timeout). */
    public List<JsonNode> awaitEvents(Predicate<JsonNode> match, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode e : events()) {
                if (match.test(e)) {
                    found.add(e);
                }
            }
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching events, saw " + found.size() + ": " + describe());
            }
            Thread.sleep(50);
        }
    }

    public static Predicate<JsonNode> named(String... event) {
        return e -> e.path("event").toString().equals(JSON.valueToTree(Arrays.asList(event)).toString());
    }

    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\r?\n")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    public String describe() throws IOException {
        String out = stdout();
        return "\ncommand: " + String.join(" ", command) + "\nstderr:\n" + stderr()
                + "\nstdout (last 2000 chars):\n" + out.substring(Math.max(0, out.length() - 2000));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String path(File f) {
        return f.getAbsolutePath();
    }
}
