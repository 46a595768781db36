package io.telemetrypoller.it.reporters;

import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The StatsD server absent when the host starts, then started (delivery resumes), then killed: the
 * host and the other sink go on throughout, and the absent server costs only counted drops.
 */
@Tag("jvm")
class StatsdFaultIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void absentThenStartedThenKilled() throws Exception {
        RealServers.statsd(); // skips (or in CI fails) when the server is not installed
        int port = RealServers.freeUdpPort();
        String options = "period=100,measurements=memory+agent,sink=statsd://127.0.0.1:" + port + "+stdout";
        try (AgentJvm jvm = AgentJvm.builder().agent(options).example(120).start()) {
            // absent: nothing listens on the port; polls go on and the stdout sink works
            jvm.awaitEvents(named("vm", "memory"), 5, TIMEOUT);
            try (EtsyStatsd server = EtsyStatsd.start(port)) {
                RealServers.await("vm.memory.total in StatsD after it started", TIMEOUT, () -> {
                    Map<String, Double> gauges = server.numbers("gauges");
                    return gauges.getOrDefault("vm.memory.total", 0.0) > 0 ? Boolean.TRUE : null;
                });
            }
            // killed: the host and the stdout sink go on
            int before = (int) jvm.events().stream().filter(named("vm", "memory")).count();
            jvm.awaitEvents(named("vm", "memory"), before + 10, TIMEOUT);
            assertTrue(jvm.process().isAlive(), jvm.describe());
            long sinkReports = jvm.agentLines().stream().filter(l -> l.contains("statsd://")).count();
            assertTrue(sinkReports <= 2, "reported at most once per kind of failure: " + jvm.describe());
        }
    }
}
