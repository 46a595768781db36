package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricRecorder;
import io.telemetrypoller.metrics.Tags;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aggregates metric updates into series between exports: on the emitting threads, {@link #record}
 * finds (or makes) the series of the event's attributes and updates it; on the export thread,
 * {@link #collect} copies every series out. Attributes are the metric's tags (metadata, else the global
 * tag of that key; a tag with neither is left out), then the global tags the metric lacks; values are
 * in the metric's unit ({@link MetricDefinition#convert}).
 *
 * <p>Bounded: past {@link #MAX_SERIES} series, updates of new ones are dropped, counted, reported once.
 */
final class MetricAggregator implements MetricRecorder {
    static final int MAX_SERIES = 10_000;

    private final String description;
    private final Map<String, String> globalTags;
    private final ConcurrentHashMap<MetricDefinition, ConcurrentHashMap<AttributeSet, SeriesState>> byMetric =
            new ConcurrentHashMap<>();
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final long startEpochNanos = EpochNanos.now();

    /** Metrics exported as another type than their definition's (naming=otel's observed sums). */
    private final Map<MetricDefinition, OtlpKind> kinds;

    MetricAggregator(String description, Map<String, String> globalTags) {
        this(description, globalTags, Collections.<MetricDefinition, OtlpKind>emptyMap());
    }

    MetricAggregator(String description, Map<String, String> globalTags, Map<MetricDefinition, OtlpKind> kinds) {
        this.kinds = kinds;
        this.description = description;
        this.globalTags = new LinkedHashMap<>(globalTags);
    }

    @Override
    public void record(MetricDefinition metric, double measured, Map<String, ?> metadata) {
        ConcurrentHashMap<AttributeSet, SeriesState> series = byMetric.get(metric);
        if (series == null) {
            ConcurrentHashMap<AttributeSet, SeriesState> fresh = new ConcurrentHashMap<>();
            series = byMetric.putIfAbsent(metric, fresh);
            if (series == null) {
                series = fresh;
            }
        }
        AttributeSet attributes = attributes(metric.tagKeys(metadata), metadata);
        SeriesState s = series.get(attributes);
        if (s == null) {
            s = newSeries(metric, series, attributes);
            if (s == null) {
                return;
            }
        }
        s.record(metric.convert(measured));
    }

    private SeriesState newSeries(MetricDefinition metric, ConcurrentHashMap<AttributeSet, SeriesState> series,
                                  AttributeSet attributes) {
        if (seriesCount.incrementAndGet() > MAX_SERIES) {
            seriesCount.decrementAndGet();
            dropped.incrementAndGet();
            AgentLog.warnOnce("otlp-series:" + description, "sink " + description + ": more than " + MAX_SERIES
                    + " series; new ones are dropped (too many distinct tag values?)");
            return null;
        }
        // a cumulative series starts with the sink: its first point then covers every update it holds
        SeriesState made = new SeriesState(kindOf(metric), attributes.keys, attributes.values,
                OtlpKind.bounds(metric), startEpochNanos);
        SeriesState raced = series.putIfAbsent(attributes, made);
        if (raced != null) {
            seriesCount.decrementAndGet();
            return raced;
        }
        return made;
    }

    /** The series' attributes: the definition's tags found in the metadata, then the global tags not among them. */
    private AttributeSet attributes(String[] tagKeys, Map<String, ?> metadata) {
        int most = tagKeys.length + globalTags.size();
        String[] keys = new String[most];
        String[] values = new String[most];
        int n = 0;
        for (String k : tagKeys) {
            String v = Tags.value(k, metadata, globalTags);
            if (v != null && !v.isEmpty() && indexOf(keys, n, k) < 0) {
                keys[n] = k;
                values[n++] = v;
            }
        }
        for (Map.Entry<String, String> g : globalTags.entrySet()) {
            if (indexOf(keys, n, g.getKey()) < 0) {
                keys[n] = g.getKey();
                values[n++] = g.getValue();
            }
        }
        if (n < most) {
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
        }
        return new AttributeSet(keys, values);
    }

    private static int indexOf(String[] keys, int n, String key) {
        for (int i = 0; i < n; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** Every metric with at least one point to export now, in no particular order. */
    List<MetricSnapshot> collect(boolean delta, long nowEpochNanos) {
        List<MetricSnapshot> out = new ArrayList<>(byMetric.size());
        for (Map.Entry<MetricDefinition, ConcurrentHashMap<AttributeSet, SeriesState>> e : byMetric.entrySet()) {
            List<PointSnapshot> points = new ArrayList<>(e.getValue().size());
            for (SeriesState s : e.getValue().values()) {
                PointSnapshot p = s.snapshot(delta, nowEpochNanos);
                if (p != null) {
                    points.add(p);
                }
            }
            if (!points.isEmpty()) {
                out.add(new MetricSnapshot(e.getKey(), kindOf(e.getKey()), points));
            }
        }
        return out;
    }

    private OtlpKind kindOf(MetricDefinition metric) {
        OtlpKind k = kinds.get(metric);
        return k != null ? k : OtlpKind.of(metric);
    }

    long dropped() {
        return dropped.get();
    }

    /** The attribute keys and values of one series, compared by content. */
    static final class AttributeSet {
        final String[] keys;
        final String[] values;
        private final int hash;

        AttributeSet(String[] keys, String[] values) {
            this.keys = keys;
            this.values = values;
            this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AttributeSet && Arrays.equals(((AttributeSet) o).keys, keys)
                    && Arrays.equals(((AttributeSet) o).values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
