package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;

import java.util.Map;

/**
 * Writes the StatsD line of one metric update, in one flavour's syntax
 * ({@link EtsyLineBuilder} for {@code standard}, {@link DatadogLineBuilder} for {@code datadog}).
 * Thread rules: stateless after construction; call from any thread.
 */
interface StatsdLineBuilder {
    /**
     * Appends the line (or, for a negative standard gauge, the two lines joined by {@code \n}) of
     * {@code value}, already in the metric's unit. Returns false, having appended nothing, when the
     * flavour cannot carry the value (not finite, or a negative counter).
     */
    boolean append(StringBuilder out, MetricDefinition metric, double value, Map<String, ?> metadata);
}
