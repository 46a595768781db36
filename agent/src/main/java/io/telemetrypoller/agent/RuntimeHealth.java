package io.telemetrypoller.agent;

import io.telemetrypoller.Poller;
import io.telemetrypoller.measurement.AgentHealthMeasurement;
import io.telemetrypoller.sink.SinkSet;

import java.util.List;

/** The running agent's pollers and sinks as the {@code agent} measurement reads them. */
final class RuntimeHealth implements AgentHealthMeasurement.Source {
    private final List<Poller> pollers;
    private final SinkSet sinks;

    RuntimeHealth(List<Poller> pollers, SinkSet sinks) {
        this.pollers = pollers;
        this.sinks = sinks;
    }

    @Override
    public List<Poller> pollers() {
        return pollers;
    }

    @Override
    public int sinkCount() {
        return sinks.sinks().size();
    }

    @Override
    public String sinkDescription(int sink) {
        return sinks.sinks().get(sink).description();
    }

    @Override
    public long sinkSent(int sink) {
        return sinks.sinks().get(sink).sent();
    }

    @Override
    public long sinkDropped(int sink) {
        return sinks.sinks().get(sink).dropped();
    }

    @Override
    public long sinkFailures(int sink) {
        return sinks.failures(sink);
    }
}
