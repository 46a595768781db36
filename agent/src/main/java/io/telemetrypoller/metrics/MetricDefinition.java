package io.telemetrypoller.metrics;



import io.telemetrypoller.internal.Syntax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One metric over telemetry events, a port of {@code Telemetry.Metrics}: which event, which measurement,
 * which metadata keys become tags, the unit conversion, a keep/drop filter and reporter options.
 * Immutable; made with {@link Metrics} or read from a config file by the config's {@code MetricsParser}.
 *
 * <pre>{@code
 * Metrics.lastValue("vm.memory.total").unit("byte", "megabyte").build()
 *   // event [vm, memory], measurement total, 49670008 bytes reported as 49.670008
 * Metrics.summary("vm.gc.pause.duration_ms").tags("collector").unit("millisecond").buckets(1, 10, 100).build()
 * }</pre>
 *
 * <p>Thread rules: immutable, safe to share; {@link #keeps} calls the user's predicates.
 */
public final class MetricDefinition {
    private static final String[] NO_TAGS = new String[0];

    private final MetricType type;
    private final String name;
    private final List<String> eventName;
    private final String measurement;
    private final List<String> tags;
    private final String[] tagArray;
    private final boolean metadataAsTags;
    private final String measurementUnit;
    private final String unit;
    private final int shift;
    private final int baseShift;
    private final Predicate<Map<String, ?>> keep;
    private final Predicate<Map<String, ?>> drop;
    private final BiFunction<Map<String, ? extends Number>, Map<String, ?>, ? extends Number> measure;
    private final Function<Map<String, ?>, Map<String, ?>> tagValues;
    private final String description;
    private final double[] buckets;
    private final double samplingRate;
    private final boolean reportAsCounter;

    private MetricDefinition(Builder b, boolean metadataAsTags) {
        this.type = b.type;
        this.name = b.name;
        this.eventName = Collections.unmodifiableList(new ArrayList<>(b.eventName));
        this.measurement = b.measurement;
        this.tags = Collections.unmodifiableList(new ArrayList<>(b.tags));
        this.tagArray = b.tags.isEmpty() ? NO_TAGS : b.tags.toArray(NO_TAGS);
        this.metadataAsTags = metadataAsTags;
        this.measurementUnit = b.fromUnit;
        this.unit = b.toUnit;
        boolean converts = b.fromUnit != null && b.type != MetricType.COUNTER; // a counter counts events
        this.shift = converts ? Unit.shift(b.fromUnit, b.toUnit) : 0;
        Unit from = converts ? Unit.find(b.fromUnit) : null;
        this.baseShift = from == null ? 0 : from.exponent();
        this.keep = b.keep;
        this.drop = b.drop;
        this.measure = b.measure;
        this.tagValues = b.tagValues;
        this.description = b.description;
        this.buckets = b.buckets == null ? null : b.buckets.clone();
        this.samplingRate = b.samplingRate;
        this.reportAsCounter = b.reportAsCounter;
    }

    /**
     * The zero-config metric of one measurement: a last value named {@code <event>.<measurement>}, with
     * every scalar metadata value as a tag. Characters a metric name cannot hold become {@code _}.
     */
    static MetricDefinition defaultFor(List<String> event, String measurement, String unit) {
        Builder b = new Builder(MetricType.LAST_VALUE, null);
        List<String> segments = new ArrayList<>(event.size() + 1);
        for (String s : event) {
            segments.add(safeSegment(s));
        }
        segments.add(safeSegment(measurement));
        b.name = String.join(".", segments);
        b.eventName = new ArrayList<>(event);
        b.measurement = measurement;
        b.fromUnit = unit;
        b.toUnit = unit;
        return new MetricDefinition(b, true);
    }

    public MetricType type() {
        return type;
    }

    /** The metric's name, e.g. {@code vm.memory.total}. */
    public String name() {
        return name;
    }

    public List<String> eventName() {
        return eventName;
    }

    /** The measurement key read from the event (a counter reads none). */
    public String measurement() {
        return measurement;
    }

    /** The metadata keys reported as tags, in order (empty for the zero-config metrics: see {@link #tagKeys}). */
    public List<String> tags() {
        return tags;
    }

    /** True for the zero-config metrics, whose tags are every scalar metadata value of each event. */
    public boolean metadataAsTags() {
        return metadataAsTags;
    }

    /**
     * The tag keys of one event: the defined tags, or for the zero-config metrics the metadata keys
     * holding a string, number, boolean or enum, sorted ({@code telemetry_span_context} left out: it is
     * unique per span). Do not modify the array.
     */
    public String[] tagKeys(Map<String, ?> metadata) {
        return metadataAsTags ? Tags.scalarKeys(metadata) : tagArray;
    }

    /** The unit the metric is reported in, or null. */
    public String unit() {
        return unit;
    }

    /** The unit of the measurement as emitted, or null. */
    public String measurementUnit() {
        return measurementUnit;
    }

    /** The known unit the metric is reported in, or null (no unit, or a unit such as {@code request}). */
    public Unit knownUnit() {
        return unit == null ? null : Unit.find(unit);
    }

    /** The measurement converted to the metric's unit (a counter's 1 stays 1). */
    public double convert(double measured) {
        return Unit.scale(measured, shift);
    }

    /**
     * The measurement in the base unit of the metric's known unit (bytes or seconds), converted in one
     * step from the measurement's unit; unchanged when the unit is not a known one.
     */
    public double inBaseUnits(double measured) {
        return Unit.scale(measured, baseShift);
    }

    /**
     * The measurement given as a function of the event's measurements and metadata (Telemetry.Metrics'
     * {@code measurement: fn measurements, metadata -> ... end}), or null: the {@link #measurement} key is read.
     */
    public BiFunction<Map<String, ? extends Number>, Map<String, ?>, ? extends Number> measureFunction() {
        return measure;
    }

    /**
     * The metadata the tags are taken from: the event's, or what {@code tag_values} makes of it
     * (Telemetry.Metrics' {@code tag_values: fn metadata -> map end}). Calls the user's function.
     */
    public Map<String, ?> tagSource(Map<String, ?> metadata) {
        return tagValues == null ? metadata : tagValues.apply(metadata);
    }

    /** Whether tags come through a {@code tag_values} function. */
    public boolean hasTagValues() {
        return tagValues != null;
    }

    /** False if the keep filter refuses or the drop filter takes this event's metadata. */
    public boolean keeps(Map<String, ?> metadata) {
        return (keep == null || keep.test(metadata)) && (drop == null || !drop.test(metadata));
    }

    /** The description, or null. */
    public String description() {
        return description;
    }

    /** Histogram bucket upper bounds in the metric's unit (reporter option {@code buckets}), or null. */
    public double[] buckets() {
        return buckets == null ? null : buckets.clone();
    }

    /** Reporter option {@code sampling_rate}: 1.0 unless set, in (0, 1]. */
    public double samplingRate() {
        return samplingRate;
    }

    /** Reporter option {@code report_as: counter} of a sum: StatsD gets {@code N|c} instead of {@code +N|g}. */
    public boolean reportAsCounter() {
        return reportAsCounter;
    }

    @Override
    public String toString() {
        return type.configName() + " " + name;
    }

    static String safeSegment(String s) {
        if (s.isEmpty()) {
            return "_";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '_');
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Builds a definition; {@link #build} validates it and throws {@link IllegalArgumentException} with a
     * message naming the metric: {@code metric 'vm.memory.total': cannot convert byte to second}.
     */
    public static final class Builder {
        private final MetricType type;
        private String name;
        private List<String> eventName;
        private String measurement;
        private List<String> tags = new ArrayList<>();
        private String fromUnit;
        private String toUnit;
        private Predicate<Map<String, ?>> keep;
        private Predicate<Map<String, ?>> drop;
        private BiFunction<Map<String, ? extends Number>, Map<String, ?>, ? extends Number> measure;
        private Function<Map<String, ?>, Map<String, ?>> tagValues;
        private String description;
        private double[] buckets;
        private double samplingRate = 1.0;
        private boolean reportAsCounter;

        Builder(MetricType type, String name) {
            this.type = type;
            this.name = name;
        }

        /** The event, when it is not the name without its last part. */
        public Builder eventName(String... segments) {
            return eventName(Arrays.asList(segments));
        }

        public Builder eventName(List<String> segments) {
            this.eventName = new ArrayList<>(segments);
            return this;
        }

        /** The measurement key, when it is not the name's last part. */
        public Builder measurement(String key) {
            this.measurement = key;
            return this;
        }

        /**
         * The measurement as a function of the event's measurements (Telemetry.Metrics' {@code measurement:
         * fn measurements -> ... end}): {@code .measurement(m -> m.get("bytes").doubleValue() / 1024)}. A null
         * result leaves the event out of this metric; a function that throws is reported once and the
         * event left out.
         */
        public Builder measurement(Function<Map<String, ? extends Number>, ? extends Number> function) {
            if (function == null) {
                throw new IllegalArgumentException("metric '" + name + "': the measurement function is null");
            }
            this.measure = (measurements, metadata) -> function.apply(measurements);
            return this;
        }

        /** The same with the metadata too ({@code fn measurements, metadata -> ... end}). */
        public Builder measurement(BiFunction<Map<String, ? extends Number>, Map<String, ?>, ? extends Number> function) {
            if (function == null) {
                throw new IllegalArgumentException("metric '" + name + "': the measurement function is null");
            }
            this.measure = function;
            return this;
        }

        /**
         * Derives the metadata the tags are read from (Telemetry.Metrics' {@code tag_values}): {@code
         * .tags("status_class").tagValues(md -> Collections.singletonMap("status_class", md.get("status") + "xx"))}.
         * keep and drop still see the event's own metadata, as in the peer.
         */
        public Builder tagValues(Function<Map<String, ?>, Map<String, ?>> function) {
            if (function == null) {
                throw new IllegalArgumentException("metric '" + name + "': the tag_values function is null");
            }
            this.tagValues = function;
            return this;
        }

        /** Metadata keys reported as tags, in this order (the standard StatsD name folds them in order). */
        public Builder tags(String... keys) {
            return tags(Arrays.asList(keys));
        }

        public Builder tags(List<String> keys) {
            this.tags = new ArrayList<>(keys);
            checkTags();
            return this;
        }

        /** The unit of the measurement, reported as it is: {@code unit("byte")}. */
        public Builder unit(String unit) {
            return unit(unit, unit);
        }

        /** Converts from the measurement's unit to the reported one: {@code unit("native", "millisecond")}. */
        public Builder unit(String measurementUnit, String reportedUnit) {
            this.fromUnit = measurementUnit;
            this.toUnit = reportedUnit;
            checkUnits();
            return this;
        }

        /** Reports only the events whose metadata passes. */
        public Builder keep(Predicate<Map<String, ?>> predicate) {
            this.keep = predicate;
            return this;
        }

        /** Leaves out the events whose metadata passes. */
        public Builder drop(Predicate<Map<String, ?>> predicate) {
            this.drop = predicate;
            return this;
        }

        /** Reports only the events whose metadata {@code key} is one of {@code values} (as text). */
        public Builder keepIf(String key, String... values) {
            return keep(single(key, values));
        }

        /** Leaves out the events whose metadata {@code key} is one of {@code values} (as text). */
        public Builder dropIf(String key, String... values) {
            return drop(single(key, values));
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /** Histogram bucket upper bounds, in the metric's unit, increasing (summary and distribution). */
        public Builder buckets(double... upperBounds) {
            this.buckets = upperBounds.clone();
            checkBuckets();
            return this;
        }

        /** Sends this fraction of the events to StatsD, marked {@code |@rate}; in (0, 1]. */
        public Builder samplingRate(double rate) {
            this.samplingRate = rate;
            if (!(rate > 0 && rate <= 1)) {
                throw invalid("sampling_rate must be more than 0 and at most 1");
            }
            return this;
        }

        /** A sum sent to StatsD as a counter ({@code N|c}) rather than a gauge delta ({@code +N|g}). */
        public Builder reportAsCounter() {
            this.reportAsCounter = true;
            if (type != MetricType.SUM) {
                throw invalid("report_as counter is for sum metrics only");
            }
            return this;
        }

        public MetricDefinition build() {
            String shown = name == null ? "(no name)" : name;
            if (name == null || name.isEmpty()) {
                throw invalid(shown, "needs a name such as vm.memory.total");
            }
            String[] segments = name.split("\\.", -1);
            for (String s : segments) {
                if (!Syntax.isWord(s, Integer.MAX_VALUE, "_-")) {
                    throw invalid(shown, "name must be dot-separated words of letters, digits, '_' or '-'");
                }
            }
            if (eventName == null) {
                if (segments.length < 2) {
                    throw invalid(shown, "name needs an event and a measurement (e.g. vm.memory.total), or give event_name");
                }
                eventName = new ArrayList<>(Arrays.asList(segments).subList(0, segments.length - 1));
            }
            if (eventName.isEmpty()) {
                throw invalid(shown, "event_name must not be empty");
            }
            for (String s : eventName) {
                if (s == null || s.isEmpty()) {
                    throw invalid(shown, "event_name parts must not be empty");
                }
            }
            if (measurement == null) {
                measurement = segments[segments.length - 1];
            }
            if (measurement.isEmpty()) {
                throw invalid(shown, "measurement must not be empty");
            }
            if (keep != null && drop != null) {
                throw invalid(shown, "cannot have both keep and drop");
            }
            if ("unit".equals(toUnit)) {
                fromUnit = null; // Telemetry.Metrics' default unit, which means none
                toUnit = null;
            }
            return new MetricDefinition(this, false);
        }

        private void checkTags() {
            Set<String> seen = new HashSet<>();
            for (String t : tags) {
                if (t == null || t.isEmpty()) {
                    throw invalid("tags must be non-empty metadata keys");
                }
                if (!seen.add(t)) {
                    throw invalid("tag " + t + " is listed twice");
                }
            }
        }

        private void checkUnits() {
            for (String u : new String[] {fromUnit, toUnit}) {
                if (u == null || (Unit.find(u) == null && !Syntax.isLowercaseWord(u, 31) && !"1".equals(u))) {
                    throw invalid("unit " + u + " is not a unit (byte, kilobyte, megabyte, gigabyte, native,"
                            + " nanosecond, microsecond, millisecond, second, 1 for a ratio, or a lowercase word such as request)");
                }
            }
            if (!Unit.convertible(fromUnit, toUnit)) {
                throw invalid("cannot convert " + fromUnit + " to " + toUnit);
            }
        }

        private void checkBuckets() {
            if (type != MetricType.SUMMARY && type != MetricType.DISTRIBUTION) {
                throw invalid("buckets are for summary and distribution metrics only");
            }
            if (buckets.length == 0) {
                throw invalid("buckets must list at least one upper bound");
            }
            for (int i = 0; i < buckets.length; i++) {
                if (Double.isNaN(buckets[i]) || Double.isInfinite(buckets[i])) {
                    throw invalid("buckets must be finite numbers");
                }
                if (i > 0 && buckets[i] <= buckets[i - 1]) {
                    throw invalid("buckets must increase: " + buckets[i] + " follows " + buckets[i - 1]);
                }
            }
        }

        private static Predicate<Map<String, ?>> single(String key, String... values) {
            Map<String, Set<String>> m = new LinkedHashMap<>();
            m.put(key, new HashSet<>(Arrays.asList(values)));
            return new MetadataFilter(m);
        }

        private IllegalArgumentException invalid(String why) {
            return invalid(name == null || name.isEmpty() ? "(no name)" : name, why);
        }

        private static IllegalArgumentException invalid(String name, String why) {
            return new IllegalArgumentException("metric '" + name + "': " + why);
        }
    }
}
