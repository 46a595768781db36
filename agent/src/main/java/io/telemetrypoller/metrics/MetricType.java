package io.telemetrypoller.metrics;

import java.util.Locale;

/**
 * The five metric types of Elixir's {@code Telemetry.Metrics}, named as in a config file.
 * What a reporter does with each is the reporter's business (see docs/reporters.md).
 */
public enum MetricType {
    /** Counts the events; the measurement is not read. */
    COUNTER,
    /** Adds up the measurement. */
    SUM,
    /** Keeps the latest measurement (a gauge). */
    LAST_VALUE,
    /** Statistics of the measurement (a timer in StatsD, a histogram in Prometheus). */
    SUMMARY,
    /** A histogram of the measurement. */
    DISTRIBUTION;

    private final String configName = name().toLowerCase(Locale.ROOT);

    /** {@code counter}, {@code sum}, {@code last_value}, {@code summary} or {@code distribution}. */
    public String configName() {
        return configName;
    }

    /** The type for a config name, or null. */
    public static MetricType fromConfigName(String name) {
        for (MetricType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
