package io.telemetrypoller.config;

import io.telemetrypoller.Poller;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One poller as configured: name, period, initial delay and measurements. Immutable. */
public final class PollerConfig {
    public static final long DEFAULT_PERIOD_MS = Poller.DEFAULT_PERIOD_MS;

    private final String name;
    private final long periodMs;
    private final long initDelayMs;
    private final List<MeasurementSpec> measurements;
    private final List<MeasurementSpec> implied;

    public PollerConfig(String name, long periodMs, long initDelayMs, List<MeasurementSpec> measurements) {
        this(name, periodMs, initDelayMs, measurements, Collections.<MeasurementSpec>emptyList());
    }

    PollerConfig(String name, long periodMs, long initDelayMs, List<MeasurementSpec> measurements,
                 List<MeasurementSpec> implied) {
        this.name = name;
        this.periodMs = periodMs;
        this.initDelayMs = initDelayMs;
        this.measurements = Collections.unmodifiableList(new ArrayList<>(measurements));
        this.implied = Collections.unmodifiableList(new ArrayList<>(implied));
    }

    /** The same poller with the measurements {@code workers=} and {@code executors=true} add. */
    PollerConfig withImplied(List<MeasurementSpec> extra) {
        return new PollerConfig(name, periodMs, initDelayMs, measurements, extra);
    }

    public String name() { return name; }

    public long periodMs() { return periodMs; }

    public long initDelayMs() { return initDelayMs; }

    /** The measurements as configured (what the start-up line and status show). */
    public List<MeasurementSpec> measurements() { return measurements; }

    /** What the poller runs: the configured measurements, then those {@link ProcessInfoSpecs#implied} adds. */
    public List<MeasurementSpec> running() {
        if (implied.isEmpty()) {
            return measurements;
        }
        List<MeasurementSpec> all = new ArrayList<>(measurements);
        all.addAll(implied);
        return all;
    }
}
