package io.telemetrypoller.it;

import io.telemetrypoller.it.targets.LibraryHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jar as a plain library: application code starts and stops its own poller, no agent involved. */
@Tag("jvm")
class LibraryUseIT {
    @Test
    void applicationCodeStartsAndClosesItsOwnPoller() throws Exception {
        String cp = AgentJvm.TEST_CLASSES + java.io.File.pathSeparator + AgentJvm.AGENT_JAR;
        try (AgentJvm jvm = AgentJvm.builder().command(AgentJvm.java().toString(), "-cp", cp,
                LibraryHost.class.getName()).start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            assertEquals("polled=true\n"
                    + "measurements=[system_counts, mfa:" + io.telemetrypoller.it.targets.AppStats.class.getName() + "#dispatch]\n"
                    + "agent threads left=0\n", jvm.stdout().replace("\r\n", "\n"), jvm.describe());
            assertEquals("", jvm.stderr());
        }
    }
}
