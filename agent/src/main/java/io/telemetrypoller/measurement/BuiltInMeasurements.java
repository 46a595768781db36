package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.config.MeasurementSpec;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The built-in measurements by their configuration names ({@link MeasurementSpec#BUILT_IN}), each created
 * fresh for one poller. What two of them read from the running agent is handed in: the executors'
 * backlog (the run queue's {@code executors}) and the agent's pollers and sinks (the {@code agent}
 * measurement); {@link #create(String)} is the standalone form a poller of the application's own gets.
 */
public final class BuiltInMeasurements {
    private BuiltInMeasurements() {
    }

    /** A new instance of the named built-in, on its own; IllegalArgumentException for an unknown name. */
    public static Measurement create(String name) {
        return create(name, null, null);
    }

    /**
     * A new instance of the named built-in; {@code executorBacklog} (or null) feeds the run queue's
     * {@code executors}, {@code agent} (or null) the {@code agent} measurement's per-poller and per-sink events.
     */
    public static Measurement create(String name, LongSupplier executorBacklog,
                                     Supplier<? extends AgentHealthMeasurement.Source> agent) {
        switch (name) {
            case "memory":
                return new MemoryMeasurement();
            case "total_run_queue_lengths":
                return executorBacklog == null ? new RunQueueMeasurement() : new RunQueueMeasurement(executorBacklog);
            case "system_counts":
                return new SystemCountsMeasurement();
            case "runtime":
                return new RuntimeMeasurement();
            case "safepoints":
                return new SafepointsMeasurement();
            case "container":
                return new ContainerMeasurement();
            case "thread_states":
                return new ThreadStatesMeasurement();
            case "gc":
                return new GcMeasurement();
            case "cpu":
                return new CpuMeasurement();
            case "agent":
                return new AgentHealthMeasurement(agent);
            default:
                throw new IllegalArgumentException("unknown measurement '" + name + "': expected one of "
                        + String.join(", ", MeasurementSpec.BUILT_IN));
        }
    }
}
