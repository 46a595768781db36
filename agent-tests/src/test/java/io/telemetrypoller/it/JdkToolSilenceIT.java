package io.telemetrypoller.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Through JAVA_TOOL_OPTIONS the agent reaches every JVM, JDK tools included: there it stays silent. */
@Tag("jvm")
class JdkToolSilenceIT {
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
}
