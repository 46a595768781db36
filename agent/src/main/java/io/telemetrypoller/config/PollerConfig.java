package io.telemetrypoller.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One poller as configured: name, period, initial delay and measurements. Immutable. */
public final class PollerConfig {
    public static final long DEFAULT_PERIOD_MS = 5_000;

    private final String name;
    private final long periodMs;
    private final long initDelayMs;
    private final List<MeasurementSpec> measurements;

    public PollerConfig(String name, long periodMs, long initDelayMs, List<MeasurementSpec> measurements) {
        this.name = name;
        this.periodMs = periodMs;
        this.initDelayMs = initDelayMs;
        this.measurements = Collections.unmodifiableList(new ArrayList<>(measurements));
    }

    public String name() { return name; }

    public long periodMs() { return periodMs; }

    public long initDelayMs() { return initDelayMs; }

    public List<MeasurementSpec> measurements() { return measurements; }

    /** e.g. {@code default (period 5000 ms: memory, total_run_queue_lengths, system_counts)}. */
    public String describe() {
        List<String> names = new ArrayList<>();
        for (MeasurementSpec m : measurements) {
            names.add(m.describe());
        }
        return name + " (period " + periodMs + " ms: " + String.join(", ", names) + ")";
    }
}
