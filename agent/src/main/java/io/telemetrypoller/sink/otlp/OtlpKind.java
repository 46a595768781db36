package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.OtelJvmMetrics;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The OTLP data type a metric definition is exported as (docs/reporters.md, "OTLP"): counter a monotonic
 * Sum, sum a non-monotonic Sum (a sum of any measurement may go down), last_value a Gauge, distribution
 * an explicit-bucket Histogram with the definition's buckets, summary a Histogram with no bounds (count,
 * sum, min and max: what OTLP's Summary type carries minus quantiles, and a type every backend accepts,
 * while OTLP's Summary is legacy-only and refused by some).
 */
enum OtlpKind {
    MONOTONIC_SUM, SUM, GAUGE, HISTOGRAM,
    /**
     * A current value exported as a cumulative Sum (the OpenTelemetry conventions' asynchronous
     * up-down counters and counters, e.g. jvm.memory.used, jvm.cpu.time): each poll's value replaces the
     * last; with delta temporality the point is the change since the previous export.
     */
    OBSERVED_SUM, OBSERVED_MONOTONIC_SUM;

    boolean isSum() {
        return this == SUM || this == MONOTONIC_SUM || this == OBSERVED_SUM || this == OBSERVED_MONOTONIC_SUM;
    }

    boolean isMonotonic() {
        return this == MONOTONIC_SUM || this == OBSERVED_MONOTONIC_SUM;
    }

    /** The OpenTelemetry SDK's default explicit bucket bounds, for a distribution defined without buckets. */
    static final double[] DEFAULT_BOUNDS = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};
    private static final double[] NO_BOUNDS = new double[0];

    /** naming=otel's metrics that are exported as another type than their definition's; empty without it. */
    static Map<MetricDefinition, OtlpKind> of(OtelJvmMetrics otel) {
        Map<MetricDefinition, OtlpKind> kinds = new IdentityHashMap<>();
        if (otel != null) {
            for (Map.Entry<MetricDefinition, OtelJvmMetrics.Kind> e : otel.kinds().entrySet()) {
                kinds.put(e.getKey(), e.getValue() == OtelJvmMetrics.Kind.UP_DOWN ? OBSERVED_SUM
                        : e.getValue() == OtelJvmMetrics.Kind.COUNTER ? OBSERVED_MONOTONIC_SUM : of(e.getKey()));
            }
        }
        return kinds;
    }

    static OtlpKind of(MetricDefinition m) {
        switch (m.type()) {
            case COUNTER:
                return MONOTONIC_SUM;
            case SUM:
                return SUM;
            case LAST_VALUE:
                return GAUGE;
            default:
                return HISTOGRAM;
        }
    }

    /** The histogram bounds of a metric, in its unit. */
    static double[] bounds(MetricDefinition m) {
        switch (m.type()) {
            case DISTRIBUTION:
                double[] b = m.buckets();
                return b != null ? b : DEFAULT_BOUNDS.clone();
            case SUMMARY:
                return NO_BOUNDS;
            default:
                return null;
        }
    }
}
