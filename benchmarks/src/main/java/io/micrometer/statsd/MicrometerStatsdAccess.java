package io.micrometer.statsd;

/**
 * Reaches {@code StatsdMeterRegistry.poll()} (package-private): the benchmarks poll the registry's gauges
 * on the benchmark thread, as its scheduler would every {@code pollingFrequency}.
 */
public final class MicrometerStatsdAccess {
    private MicrometerStatsdAccess() {
    }

    public static void poll(StatsdMeterRegistry registry) {
        registry.poll();
    }
}
