package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.HostileApiHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, defects 4 and 5, on a real JVM: null input and a self-executing handler. */
@Tag("jvm")
class HostileApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void nullInputAndASelfExecutingHandlerAreReportedOnceAndBounded() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=200").target(HostileApiHost.class, "1000").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertTrue(jvm.stdout().contains("host main done"), jvm.describe());

            List<JsonNode> events = jvm.events();
            // 16 levels for the first call, then the looping handler is detached: one line per later call
            assertEquals(16 + 2, events.stream().filter(named("app", "loop")).count(), jvm.describe());
            List<JsonNode> failures = events.stream().filter(named("telemetry", "handler", "failure"))
                    .collect(Collectors.toList());
            assertEquals(1, failures.size(), jvm.describe());
            assertEquals("echo", failures.get(0).get("metadata").get("handler_id").asText());
            assertEquals("error", failures.get(0).get("metadata").get("kind").asText());

            List<JsonNode> nulls = events.stream().filter(named("app", "nulls")).collect(Collectors.toList());
            assertEquals(3, nulls.size());
            assertEquals(0, nulls.get(0).get("measurements").size());
            assertEquals(0, nulls.get(0).get("metadata").size(), "metadata {} never null");

            List<String> agent = jvm.agentLines();
            assertEquals(1, count(agent, "Telemetry.execute was given a null event name"), jvm.describe());
            assertEquals(1, count(agent, "Telemetry.execute was given a null element in event name [app, null]"));
            assertEquals(1, count(agent, "Telemetry.execute was given null measurements"));
            assertEquals(1, count(agent, "handler 'echo' failed"));
            assertEquals(0, count(agent, "NullPointerException"), "no sink saw a null: " + agent);
            assertTrue(events.stream().filter(named("vm", "memory")).count() >= 2, "polls go on");
        }
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }
}
