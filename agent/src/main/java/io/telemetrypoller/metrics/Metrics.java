package io.telemetrypoller.metrics;

/**
 * The Java way to define metrics, named as {@code Telemetry.Metrics}' functions:
 *
 * <pre>{@code
 * List<MetricDefinition> metrics = Arrays.asList(
 *     Metrics.lastValue("vm.memory.total").unit("byte").build(),
 *     Metrics.counter("vm.gc.pause.count").eventName("vm", "gc", "pause").tags("collector").build(),
 *     Metrics.distribution("vm.gc.pause.duration_ms").unit("millisecond").buckets(1, 10, 100).build());
 * }</pre>
 */
public final class Metrics {
    private Metrics() {
    }

    /** Counts the events. */
    public static MetricDefinition.Builder counter(String name) {
        return new MetricDefinition.Builder(MetricType.COUNTER, name);
    }

    /** Adds up the measurement. */
    public static MetricDefinition.Builder sum(String name) {
        return new MetricDefinition.Builder(MetricType.SUM, name);
    }

    /** Keeps the latest measurement. */
    public static MetricDefinition.Builder lastValue(String name) {
        return new MetricDefinition.Builder(MetricType.LAST_VALUE, name);
    }

    /** Statistics of the measurement. */
    public static MetricDefinition.Builder summary(String name) {
        return new MetricDefinition.Builder(MetricType.SUMMARY, name);
    }

    /** A histogram of the measurement. */
    public static MetricDefinition.Builder distribution(String name) {
        return new MetricDefinition.Builder(MetricType.DISTRIBUTION, name);
    }

    /** A builder of the given type. */
    public static MetricDefinition.Builder of(MetricType type, String name) {
        return new MetricDefinition.Builder(type, name);
    }
}
