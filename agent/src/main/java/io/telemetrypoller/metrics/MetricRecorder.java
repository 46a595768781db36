package io.telemetrypoller.metrics;

import java.util.Map;

/** Receives the metric updates an event makes: one call per metric that the event feeds. */
@FunctionalInterface
public interface MetricRecorder {
    /**
     * @param metric   the definition
     * @param measured the measurement as emitted, not yet converted (1 for a counter); may be NaN or
     *                 infinite. {@link MetricDefinition#convert} gives it in the metric's unit,
     *                 {@link MetricDefinition#inBaseUnits} in bytes or seconds
     * @param metadata the event's metadata, for the tags (belongs to the emitter: read, do not keep)
     */
    void record(MetricDefinition metric, double measured, Map<String, ?> metadata);
}
