package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricType;
import io.telemetrypoller.metrics.Unit;

/**
 * How a metric is named in Prometheus, so that {@code promtool check metrics} finds nothing to say:
 * <ol>
 * <li>dots become underscores, any other character outside {@code [a-zA-Z0-9_]} becomes {@code _}
 *     ({@code vm.memory.total} is {@code vm_memory_total});</li>
 * <li>a known unit adds its base unit, in which the values are then exposed: {@code _bytes} for byte,
 *     kilobyte, megabyte, gigabyte; {@code _seconds} for native, nanosecond ... second. A last name part
 *     that abbreviates a unit of that kind ({@code _ms}, {@code _ns}, {@code _kb}, ...) is replaced:
 *     {@code vm.gc.time_ms} in milliseconds is {@code vm_gc_time_seconds}. Another unit adds itself
 *     ({@code request} gives {@code _request}); no unit, no suffix. Nothing is added twice;</li>
 * <li>counters and sums end in {@code _total}; a gauge or histogram whose name would end in
 *     {@code _total}, {@code _count}, {@code _sum} or {@code _bucket} (suffixes Prometheus keeps for
 *     counters and histograms) gets {@code _value} appended: {@code vm_gc_count_value}.</li>
 * </ol>
 * Label names get rule 1, lose a leading {@code __} (reserved) and {@code le}/{@code quantile} become
 * {@code le_}/{@code quantile_}.
 */
final class PrometheusNames {
    private static final String[] TIME_ABBREVIATIONS = {"_ms", "_us", "_ns", "_s", "_sec", "_secs", "_millis",
        "_micros", "_nanos", "_milliseconds", "_microseconds", "_nanoseconds"};
    private static final String[] BYTE_ABBREVIATIONS = {"_b", "_kb", "_mb", "_gb", "_kilobytes", "_megabytes",
        "_gigabytes"};
    private static final String[] RESERVED = {"_total", "_count", "_sum", "_bucket"};

    private PrometheusNames() {
    }

    /** The family name of a metric, e.g. {@code vm_memory_total_bytes}. */
    static String family(MetricDefinition metric) {
        String name = sanitize(metric.name());
        Unit unit = metric.knownUnit();
        String suffix = null;
        if (unit != null) {
            boolean bytes = unit.dimension() == Unit.Dimension.BYTES;
            name = stripOne(name, bytes ? BYTE_ABBREVIATIONS : TIME_ABBREVIATIONS);
            suffix = bytes ? "_bytes" : "_seconds";
        } else if ("1".equals(metric.unit())) {
            suffix = "_ratio"; // UCUM's dimensionless 1, as OpenTelemetry's Prometheus exporter names it
        } else if (metric.unit() != null) {
            suffix = "_" + sanitize(metric.unit());
        }
        if (suffix != null && !name.endsWith(suffix)) {
            name = name + suffix;
        }
        if (isCounter(metric.type())) {
            return name.endsWith("_total") ? name : name + "_total";
        }
        for (String r : RESERVED) {
            if (name.endsWith(r)) {
                return name + "_value";
            }
        }
        return name;
    }

    /** The power of ten that takes the metric's values to the exposed base unit (0 if none). */
    static int shiftToBase(MetricDefinition metric) {
        Unit unit = metric.knownUnit();
        return unit == null ? 0 : unit.exponent();
    }

    /** counter, gauge or histogram. */
    /**
     * A naming=otel family name, as OpenTelemetry's Prometheus exporter writes it: the name with dots as
     * underscores, {@code _bytes}, {@code _seconds} or {@code _ratio} for the units it knows, nothing for
     * an annotation unit such as {@code {thread}}, and {@code _total} for a counter.
     */
    static String otelFamily(MetricDefinition metric, boolean counter) {
        String name = sanitize(metric.name());
        Unit unit = metric.knownUnit();
        if (unit != null) {
            name += unit.dimension() == Unit.Dimension.BYTES ? "_bytes" : "_seconds";
        } else if ("1".equals(metric.unit())) {
            name += "_ratio";
        }
        return counter ? name + "_total" : name;
    }

    static String type(MetricType type) {
        switch (type) {
            case COUNTER:
            case SUM:
                return "counter";
            case LAST_VALUE:
                return "gauge";
            default:
                return "histogram";
        }
    }

    static boolean isCounter(MetricType type) {
        return type == MetricType.COUNTER || type == MetricType.SUM;
    }

    static String label(String key) {
        String name = sanitize(key);
        while (name.startsWith("__")) {
            name = name.substring(1);
        }
        if (name.equals("le") || name.equals("quantile")) {
            return name + "_";
        }
        return name;
    }

    /** Characters outside {@code [a-zA-Z0-9_]} as {@code _}; a leading digit gets a {@code _} before it. */
    static String sanitize(String s) {
        if (s.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(s.length() + 1);
        if (s.charAt(0) >= '0' && s.charAt(0) <= '9') {
            sb.append('_');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    private static String stripOne(String name, String[] endings) {
        for (String e : endings) {
            if (name.endsWith(e) && name.length() > e.length()) {
                return name.substring(0, name.length() - e.length());
            }
        }
        return name;
    }
}
