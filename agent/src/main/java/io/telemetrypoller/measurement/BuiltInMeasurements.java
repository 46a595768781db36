package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The built-in measurements by their configuration names, each created fresh for one poller. */
public final class BuiltInMeasurements {
    public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
            "memory", "total_run_queue_lengths", "system_counts", "gc", "cpu", "agent"));
    public static final List<String> DEFAULTS = Collections.unmodifiableList(Arrays.asList(
            "memory", "total_run_queue_lengths", "system_counts"));

    private BuiltInMeasurements() {
    }

    public static boolean isBuiltIn(String name) {
        return NAMES.contains(name);
    }

    /** A new instance of the named built-in; IllegalArgumentException for an unknown name. */
    public static Measurement create(String name) {
        switch (name) {
            case "memory":
                return new MemoryMeasurement();
            case "total_run_queue_lengths":
                return new RunQueueMeasurement();
            case "system_counts":
                return new SystemCountsMeasurement();
            case "gc":
                return new GcMeasurement();
            case "cpu":
                return new CpuMeasurement();
            case "agent":
                return new AgentHealthMeasurement();
            default:
                throw new IllegalArgumentException("unknown measurement '" + name + "': expected one of "
                        + String.join(", ", NAMES));
        }
    }
}
