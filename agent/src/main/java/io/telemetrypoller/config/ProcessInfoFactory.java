package io.telemetrypoller.config;

import io.telemetrypoller.Measurement;

/** Builds process_info measurements; until worker instrumentation lands, the parser rejects them. */
final class ProcessInfoFactory {
    private ProcessInfoFactory() {
    }

    static Measurement create(MeasurementSpec spec) {
        throw new IllegalStateException("process_info is not available in this version");
    }
}
