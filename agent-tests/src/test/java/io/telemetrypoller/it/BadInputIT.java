package io.telemetrypoller.it;

import io.telemetrypoller.it.targets.SleepyMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad options never stop the host: one line naming the option, and main runs as without the agent. */
@Tag("jvm")
class BadInputIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "period=abc => telemetry-poller: invalid period 'abc': expected a positive integer (milliseconds)",
        "period=-1 => telemetry-poller: invalid period '-1': expected a positive integer (milliseconds)",
        "colour=blue => telemetry-poller: unknown option 'colour'",
        "measurements=memory+bogus => telemetry-poller: invalid measurements: unknown measurement 'bogus'",
        "sink=statsd://nohostport => telemetry-poller: invalid sink 'statsd://nohostport'",
        "config=/does/not/exist.json => telemetry-poller: invalid config '/does/not/exist.json': no such file",
        "mfa=NoHash => telemetry-poller: invalid mfa 'NoHash'",
    })
    void hostRunsAndOneLineNamesTheOption(String options, String expectedStart) throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent(options).target(SleepyMain.class, "100").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertEquals("host main done\n", jvm.stdout().replace("\r\n", "\n"), "host output untouched, no events");
            List<String> err = jvm.stderrLines();
            assertEquals(1, err.size(), jvm.describe());
            assertTrue(err.get(0).startsWith(expectedStart), err.get(0));
        }
    }

    @Test
    void malformedConfigFileIsOneLineWithItsLine() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.write(config, "{\n  \"pollers\": [{\"period\": 1000,}]\n}".getBytes(StandardCharsets.UTF_8));
        try (AgentJvm jvm = AgentJvm.builder().agent("config=" + config).target(SleepyMain.class, "100").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT));
            List<String> err = jvm.stderrLines();
            assertEquals(1, err.size(), jvm.describe());
            assertTrue(err.get(0).startsWith("telemetry-poller: invalid config '" + config + "': line 2: malformed JSON"),
                    err.get(0));
        }
    }

    /**
     * config= on a file that never ends or never opens (issue 13, defect 2): before, a FIFO kept main from
     * starting and /dev/zero read for 30 s into an OutOfMemoryError. Now each is refused before it is opened.
     */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "FIFO => a FIFO (its open waits for a writer), not a regular file",
        "/dev/zero => a character device, not a regular file",
        "/dev/urandom => a character device, not a regular file",
        "DIR => a directory, not a file",
        "/proc/self/status => a file of /proc or /sys, not a config file",
    })
    void aConfigThatIsNotARegularFileIsRefusedAndMainRuns(String kind, String reason) throws Exception {
        String path = kind;
        if (kind.equals("FIFO")) {
            path = dir.resolve("config.fifo").toString();
            assertEquals(0, new ProcessBuilder("mkfifo", path).inheritIO().start().waitFor());
        } else if (kind.equals("DIR")) {
            path = dir.toString();
        }
        try (AgentJvm jvm = AgentJvm.builder().agent("config=" + path).target(SleepyMain.class, "100").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertEquals("host main done\n", jvm.stdout().replace("\r\n", "\n"), jvm.describe());
            assertEquals(java.util.Collections.singletonList("telemetry-poller: invalid config '" + path + "': " + reason),
                    jvm.stderrLines(), jvm.describe());
        }
    }

    @Test
    void strictTrueAbortsTheStart() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=abc,strict=true").target(SleepyMain.class, "100").start()) {
            assertNotEquals(0, jvm.awaitExit(TIMEOUT));
            assertFalse(jvm.stdout().contains("host main done"));
            assertTrue(jvm.stderr().contains("telemetry-poller: invalid period 'abc'"), jvm.describe());
        }
    }

    @Test
    void quietStillReportsTheBadOptionButNotTheStartLine() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("log=quiet,period=50").target(SleepyMain.class, "300").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT));
            assertEquals(0, jvm.stderrLines().size(), jvm.describe());
        }
        try (AgentJvm jvm = AgentJvm.builder().agent("log=quiet,period=x").target(SleepyMain.class, "100").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT));
            assertEquals(1, jvm.stderrLines().size(), jvm.describe());
        }
    }

    /** With -javaagent, the started line says the file sink cannot be opened; the host runs (issue 13, defect 9). */
    @Test
    void theStartedLineSaysAFileSinkCannotBeOpened() throws Exception {
        String tooLong = dir.resolve("no/such/dir/events.jsonl").toString();
        try (AgentJvm jvm = AgentJvm.builder().agent("period=50,sink=file:" + tooLong + "+stdout")
                .target(SleepyMain.class, "500").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("host main done"), jvm.describe());
            String started = jvm.agentLines().stream().filter(l -> l.startsWith("telemetry-poller: started: "))
                    .findFirst().orElse("none");
            assertTrue(started.endsWith("; sinks: file:" + tooLong + ", stdout; sink file:" + tooLong
                    + ": cannot open it (No such file or directory), tried again at every batch"), started);
        }
    }

    @Test
    void anUnwritableFileSinkIsReportedOnceAndTheOtherSinkGoesOn() throws Exception {
        String missing = dir.resolve("no/such/dir/events.jsonl").toString();
        try (AgentJvm jvm = AgentJvm.builder().agent("period=50,sink=file:" + missing + "+stdout")
                .target(SleepyMain.class, "800").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT));
            assertTrue(jvm.events().stream().filter(AgentJvm.named("vm", "memory")).count() >= 3);
            long reports = jvm.agentLines().stream().filter(l -> l.contains("sink file:" + missing + " failed")).count();
            assertEquals(1, reports, jvm.describe());
        }
    }
}
