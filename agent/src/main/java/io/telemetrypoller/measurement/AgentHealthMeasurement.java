package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Poller;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.agent.AgentRuntime;
import io.telemetrypoller.internal.SelfStats;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.SinkSet;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code agent} measurement: the agent's own health, in the same sinks as everything else.
 * <pre>
 * [telemetry_poller, agent]  {polls=120, measurements_removed=0, handlers_detached=0, sink_failures=0}
 * [telemetry_poller, poller] {poll_count=60, last_poll_duration_ns=85000, measurements=4}   {poller=default}
 * [telemetry_poller, sink]   {sent=1450, dropped=0, failures=0}                             {sink=stdout}
 * </pre>
 * Counters are cumulative since the JVM started (agent) or since the poller/sink started.
 */
public final class AgentHealthMeasurement implements Measurement {
    private static final List<String> AGENT = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "agent"));
    private static final List<String> POLLER = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "poller"));
    private static final List<String> SINK = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "sink"));

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public void measure() {
        Map<String, Number> totals = new LinkedHashMap<>();
        totals.put("polls", SelfStats.POLLS.get());
        totals.put("measurements_removed", SelfStats.MEASUREMENTS_REMOVED.get());
        totals.put("handlers_detached", SelfStats.HANDLERS_DETACHED.get());
        totals.put("sink_failures", SelfStats.SINK_FAILURES.get());
        Telemetry.execute(AGENT, totals, Collections.<String, Object>emptyMap());

        AgentRuntime runtime = AgentRuntime.current();
        if (runtime == null) {
            return; // a poller started by application code, without the agent
        }
        for (Poller p : runtime.pollers()) {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("poll_count", p.pollCount());
            m.put("last_poll_duration_ns", p.lastPollDurationNanos());
            m.put("measurements", p.listMeasurements().size());
            Telemetry.execute(POLLER, m, Collections.singletonMap("poller", p.name()));
        }
        SinkSet sinks = runtime.sinks();
        for (int i = 0; i < sinks.sinks().size(); i++) {
            Sink s = sinks.sinks().get(i);
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("sent", s.sent());
            m.put("dropped", s.dropped());
            m.put("failures", sinks.failures(i));
            Telemetry.execute(SINK, m, Collections.singletonMap("sink", s.description()));
        }
    }
}
