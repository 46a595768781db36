package io.telemetrypoller.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through JAVA_TOOL_OPTIONS the agent reaches every JVM, JDK tools included: there it stays silent. */
@Tag("jvm")
class JdkToolSilenceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jps -l", "jcmd -l", "javac -version", "jar --version", "jshell --version"})
    void jdkToolsStartNothing(String tool) throws Exception {
        String[] words = tool.split(" ");
        words[0] = AgentJvm.JAVA_HOME.resolve("bin").resolve(words[0]).toString();
        try (AgentJvm jvm = AgentJvm.builder().command(words)
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.AGENT_JAR + "=period=10").start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            // the JVM itself announces "Picked up JAVA_TOOL_OPTIONS: -javaagent:...telemetry-poller.jar"
            String all = (jvm.stdout() + jvm.stderr()).replaceAll("Picked up JAVA_TOOL_OPTIONS: [^\\n]*", "");
            assertFalse(all.contains("telemetry-poller"), jvm.describe());
            assertFalse(all.contains("\"event\""), jvm.describe());
        }
    }

    /**
     * Source-file mode (JEP 330) runs the user's program through a launcher class of jdk.compiler: the
     * agent is honoured there, given on the command line or in JAVA_TOOL_OPTIONS (issue 13, defect 3).
     */
    @Test
    void sourceFileModeReportsABadOption() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=abc").sourceFile(sourceMain()).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertEquals("source main done\n", jvm.stdout().replace("\r\n", "\n"), jvm.describe());
            assertEquals(Collections.singletonList(
                    "telemetry-poller: invalid period 'abc': expected a positive integer (milliseconds)"),
                    jvm.stderrLines(), jvm.describe());
        }
    }

    @Test
    void sourceFileModeGetsEvents() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100").sourceFile(sourceMain()).start()) {
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), 1, TIMEOUT);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("source main done\n"), jvm.describe());
        }
    }

    @Test
    void sourceFileModeThroughJavaToolOptionsIsHonoured() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().command(AgentJvm.java().toString(), sourceMain().toString())
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.AGENT_JAR + "=period=abc").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stderrLines().contains(
                    "telemetry-poller: invalid period 'abc': expected a positive integer (milliseconds)"), jvm.describe());
        }
    }

    /** An agent given on a tool's own command line (-J-javaagent) was asked for: it reports too. */
    @Test
    void anAgentOnAToolsCommandLineIsHonoured() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().command(AgentJvm.JAVA_HOME.resolve("bin/jps").toString(),
                "-J-javaagent:" + AgentJvm.AGENT_JAR + "=period=abc", "-l").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stderrLines().contains(
                    "telemetry-poller: invalid period 'abc': expected a positive integer (milliseconds)"), jvm.describe());
        }
    }

    private Path sourceMain() throws Exception {
        Path main = dir.resolve("Main.java");
        Files.write(main, ("public class Main {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        Thread.sleep(1500);\n"
                + "        System.out.println(\"source main done\");\n"
                + "    }\n"
                + "}\n").getBytes(StandardCharsets.UTF_8));
        return main;
    }
}
