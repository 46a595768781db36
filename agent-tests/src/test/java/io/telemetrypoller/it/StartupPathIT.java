package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.EarlyEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * premain leaves the options and sinks to the thread telemetry-poller-start (docs/performance.md); these
 * hosts emit an event first thing in main and exit at once, before that thread can be done, and still
 * nothing is lost: the event reaches the sink, a bad option is reported.
 */
@Tag("jvm")
class StartupPathIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {
        "init_delay=60000", // parsed on the start thread
        "init_delay=60000,workers=no.such.Worker", // parsed in premain (workers= must be in place first)
    })
    void anEventEmittedBeforeTheSinksExistReachesThem(String options) throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent(options).target(EarlyEvent.class).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<JsonNode> early = jvm.events().stream()
                    .filter(e -> e.get("event").toString().equals("[\"app\",\"early\"]")).collect(Collectors.toList());
            assertEquals(1, early.size(), jvm.describe());
            assertEquals("{\"n\":1}", early.get(0).get("measurements").toString());
            assertEquals("{\"phase\":\"main\"}", early.get(0).get("metadata").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"period=abc", "period=abc,workers=no.such.Worker"})
    void aBadOptionIsReportedEvenWhenTheHostExitsAtOnce(String options) throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().agent(options).target(EarlyEvent.class).start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertEquals("", jvm.stdout(), "no agent, so no event: " + jvm.describe());
            List<String> err = jvm.stderrLines();
            assertEquals(1, err.size(), jvm.describe());
            assertTrue(err.get(0).startsWith("telemetry-poller: invalid period 'abc': expected a positive integer"),
                    err.get(0));
        }
    }
}
