package io.telemetrypoller.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.targets.EarlyEvent;
import io.telemetrypoller.it.targets.LateWorker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
        "", // no options: nothing to check, the exit waits for the sinks only because an event waits for them
        "init_delay=60000", // parsed on the start thread
        "init_delay=60000,workers=no.such.Worker", // premain installs the transformer from a first reading
        "init_delay=60000,strict=true", // parsed in premain
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

    @Test
    void aWorkerClassNamedInTheOptionsIsTrackedFromItsFirstInstance() throws Exception {
        String job = LateWorker.Job.class.getName();
        try (AgentJvm jvm = AgentJvm.builder().agent("period=200,measurements=process_info:" + job)
                .target(LateWorker.class, "300").start()) {
            List<JsonNode> seen = jvm.awaitEvents(e -> e.get("event").toString().equals("[\"vm\",\"process_info\"]")
                    && e.get("measurements").has("message_queue_len"), 1, TIMEOUT);
            assertEquals(2, seen.get(0).get("measurements").get("message_queue_len").asInt(), jvm.describe());
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
        }
    }

    @Test
    void invalidOptionsUndoTheTransformerPremainInstalledFromTheirFirstReading() throws Exception {
        String job = LateWorker.Job.class.getName();
        try (AgentJvm jvm = AgentJvm.builder().agent("workers=" + job + ",period=abc").target(LateWorker.class, "500")
                .start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            assertEquals("done 2\n", jvm.stdout().replace("\r\n", "\n"));
            assertEquals(1, jvm.stderrLines().size(), "the error only, no \"instrumented worker class\": " + jvm.describe());
            assertTrue(jvm.stderrLines().get(0).startsWith("telemetry-poller: invalid period 'abc'"), jvm.describe());
        }
    }

    @Test
    void aWorkerClassThatLoadsAfterTheFirstSecondFindsTheWeaverWarm() throws Exception {
        String job = LateWorker.Job.class.getName();
        try (AgentJvm jvm = AgentJvm.builder().agent("workers=" + job + ",log=debug,period=60000,init_delay=60000")
                .target(LateWorker.class, "3000").start()) {
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> agent = jvm.agentLines();
            int warm = indexOf(agent, "telemetry-poller: weaver warmed up in ");
            int woven = indexOf(agent, "telemetry-poller: instrumented worker class " + job + " in ");
            assertTrue(warm >= 0 && woven > warm, "warmed up a second after the start, before the class: " + agent);
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
