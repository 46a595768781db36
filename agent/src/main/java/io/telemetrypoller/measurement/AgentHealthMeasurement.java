package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Poller;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.internal.SelfStats;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code agent} measurement: the agent's own health, in the same sinks as everything else.
 * <pre>
 * [telemetry_poller, agent]  {polls=120, measurements_removed=0, handlers_detached=0, sink_failures=0, events_rejected=0}
 * [telemetry_poller, poller] {poll_count=60, last_poll_duration_ns=85000, measurements=4}   {poller=default}
 * [telemetry_poller, sink]   {sent=1450, dropped=0, failures=0}                             {sink=stdout}
 * </pre>
 * Counters are cumulative since the JVM started (agent) or since the poller/sink started. The pollers and
 * sinks come from the running agent, handed in as a {@link Source}; without one (a poller of the
 * application's own) only the agent-wide totals are reported.
 */
public final class AgentHealthMeasurement implements Measurement {
    /** What the running agent has: its pollers and, per sink, its counters. */
    public interface Source {
        List<Poller> pollers();

        int sinkCount();

        String sinkDescription(int sink);

        long sinkSent(int sink);

        long sinkDropped(int sink);

        long sinkFailures(int sink);
    }

    private static final List<String> AGENT = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "agent"));
    private static final List<String> POLLER = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "poller"));
    private static final List<String> SINK = Collections.unmodifiableList(Arrays.asList("telemetry_poller", "sink"));

    private final Supplier<? extends Source> agent;

    /** The agent-wide totals only. */
    public AgentHealthMeasurement() {
        this(null);
    }

    /** Also each poller and sink of {@code agent}'s current answer (null while no agent runs). */
    public AgentHealthMeasurement(Supplier<? extends Source> agent) {
        this.agent = agent;
    }

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
        totals.put("events_rejected", SelfStats.EVENTS_REJECTED.get());
        Telemetry.execute(AGENT, totals, Collections.<String, Object>emptyMap());

        Source source = agent == null ? null : agent.get();
        if (source == null) {
            return; // a poller started by application code, without the agent
        }
        for (Poller p : source.pollers()) {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("poll_count", p.pollCount());
            m.put("last_poll_duration_ns", p.lastPollDurationNanos());
            m.put("measurements", p.listMeasurements().size());
            Telemetry.execute(POLLER, m, Collections.singletonMap("poller", p.name()));
        }
        for (int i = 0; i < source.sinkCount(); i++) {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("sent", source.sinkSent(i));
            m.put("dropped", source.sinkDropped(i));
            m.put("failures", source.sinkFailures(i));
            Telemetry.execute(SINK, m, Collections.singletonMap("sink", source.sinkDescription(i)));
        }
    }
}
