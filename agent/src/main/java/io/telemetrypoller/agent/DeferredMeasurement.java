package io.telemetrypoller.agent;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.config.MeasurementSpec;

/**
 * A configured measurement created on its first poll, on the poller's thread: its MXBeans, GC listeners
 * and /proc readers cost tens of milliseconds cold, which would otherwise land on the host's main thread
 * in {@code premain}. A measurement that cannot be created fails its first poll and is removed, reported
 * and announced like any failing measurement.
 */
final class DeferredMeasurement implements Measurement {
    private final MeasurementSpec spec;
    private Measurement delegate; // poller thread only

    DeferredMeasurement(MeasurementSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.describe();
    }

    @Override
    public void measure() throws Exception {
        Measurement m = delegate;
        if (m == null) {
            m = MeasurementFactory.create(spec);
            delegate = m;
        }
        m.measure();
    }

    @Override
    public void close() {
        Measurement m = delegate;
        if (m != null) {
            m.close();
        }
    }
}
