package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.HostileApiHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Telemetry API called the wrong ways in a real JVM (issue 13, defects 4 and 5). */
@Tag("jvm")
class HostileApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void badEventsAndALoopingHandlerAreCutAtTheEdgeReportedOnceAndTheSinksStayBounded() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent("period=100000,sink=stdout").target(HostileApiHost.class, "300").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            String out = jvm.stdout();
            assertTrue(out.contains("bad calls returned"), jvm.describe());
            assertTrue(out.contains("host main done"), jvm.describe());
            List<JsonNode> events = jvm.events();
            long loops = events.stream().filter(AgentJvm.named("app", "loop")).count();
            assertEquals(16 + 2, loops, "16 levels of the first call, then one event each: " + jvm.describe());
            assertEquals(1, events.stream().filter(AgentJvm.named("app", "nulls")).count(), jvm.describe());
            JsonNode nulls = events.stream().filter(AgentJvm.named("app", "nulls")).findFirst().get();
            assertEquals("{}", nulls.get("metadata").toString(), "null metadata is written as empty");
            assertEquals(1, events.stream().filter(AgentJvm.named("telemetry", "handler", "failure")).count(), jvm.describe());
            List<String> agent = jvm.agentLines();
            assertEquals(1, agent.stream().filter(l -> l.contains("an event name must be a non-empty list")).count(), jvm.describe());
            List<String> detached = agent.stream().filter(l -> l.contains("handler 'looper' failed")).collect(Collectors.toList());
            assertEquals(1, detached.size(), jvm.describe());
            assertTrue(detached.get(0).contains("re-entered Telemetry.execute 16 levels deep"), detached.get(0));
            String err = jvm.stderr();
            assertFalse(err.contains("NullPointerException"), jvm.describe());
            assertFalse(err.contains("failed to"), "no sink failure: " + jvm.describe());
        }
    }
}
