package io.telemetrypoller.metrics;

import java.util.List;

/**
 * The units the zero-config metrics know without being told, so that Prometheus names carry them
 * ({@code vm_memory_total_bytes}, {@code vm_gc_time_seconds}):
 * <ul>
 * <li>every measurement of {@code [vm, memory]} and {@code [vm, memory_pool]}, {@code memory_usage},
 *     {@code memory_limit} and {@code memory_peak} of {@code [vm, container]}, and any measurement named
 *     {@code memory} or ending in {@code _bytes}: byte;</li>
 * <li>a measurement ending in {@code _ms}, {@code _us} or {@code _ns}: millisecond, microsecond, nanosecond;</li>
 * <li>{@code duration} (of {@code Telemetry.span}): nanosecond.</li>
 * </ul>
 * Everything else has no unit. The value is never converted: the unit only names it.
 */
final class DefaultUnits {
    private DefaultUnits() {
    }

    static String of(List<String> event, String measurement) {
        if (event.size() == 2 && "vm".equals(event.get(0))
                && ("memory".equals(event.get(1)) || "memory_pool".equals(event.get(1)))) {
            return "byte";
        }
        if (event.size() == 2 && "vm".equals(event.get(0)) && "container".equals(event.get(1))
                && (measurement.equals("memory_usage") || measurement.equals("memory_limit")
                || measurement.equals("memory_peak"))) {
            return "byte";
        }
        if (measurement.equals("memory") || measurement.endsWith("_bytes")) {
            return "byte";
        }
        if (measurement.endsWith("_ms")) {
            return "millisecond";
        }
        if (measurement.endsWith("_us")) {
            return "microsecond";
        }
        if (measurement.endsWith("_ns") || measurement.equals("duration")) {
            return "nanosecond";
        }
        return null;
    }
}
