package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricRecorder;
import io.telemetrypoller.metrics.OtelJvmMetrics;
import io.telemetrypoller.metrics.Tags;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest state of every exposed series, updated by {@link #record} as events arrive and rendered by
 * {@link #render} on each scrape: families sorted by name, series by labels, no lock held while rendering.
 * Labels are the metric's tags (the event's metadata, else the global tag of that key; a tag with neither
 * is left out), then the global tags the metric does not have.
 *
 * <p>Bounded: past {@link #MAX_SERIES} series, new ones are dropped and counted. Two metrics that would
 * share a family name (only possible among the zero-config metrics; defined ones are checked at start)
 * keep the first; the other's updates are dropped and reported once.
 */
final class MetricStore implements MetricRecorder {
    static final int MAX_SERIES = 10_000;
    static final int EXPIRY_PERIODS = 10;
    private static final String[] NO_VALUES = new String[0];

    private final String description;
    private final Map<String, String> globalTags;
    private final String globalLabels;
    private final ConcurrentHashMap<MetricDefinition, Family> byMetric = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Family> byName = new ConcurrentSkipListMap<>();
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** naming=otel's instruments, by metric; empty otherwise. */
    private volatile Map<MetricDefinition, OtelJvmMetrics.Kind> otelKinds = java.util.Collections.emptyMap();

    /** A last value not updated for this long is removed: 10 poll periods... */
    private final long expiryNanos;
    /** ...during which at least 10 polls ended, so that a stalled poller (a GC storm, a full CPU) expires nothing. */
    private final PollCount polls = new PollCount();

    MetricStore(String description, Map<String, String> globalTags, long periodMillis) {
        this.description = description;
        this.expiryNanos = EXPIRY_PERIODS * java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.globalTags = new LinkedHashMap<>(globalTags);
        this.globalLabels = labels(NO_VALUES, NO_VALUES);
    }

    @Override
    public void record(MetricDefinition metric, double measured, Map<String, ?> metadata) {
        Family f = byMetric.get(metric);
        if (f == null) {
            f = newFamily(metric);
            if (f == null) {
                dropped.incrementAndGet();
                return;
            }
        }
        SeriesLookup lookup = new SeriesLookup(metric, metadata, globalTags);
        Series s = lookup.unlabelled() ? f.unlabelled() : f.byKey.get(lookup);
        if (s == null) {
            s = newSeries(f, seriesKey(metric, metadata));
            if (s == null) {
                return;
            }
        }
        s.update(metric.inBaseUnits(measured));
    }

    /** The key of a new series: the tag keys (sorted, for the zero-config metrics) and their values. */
    private SeriesKey seriesKey(MetricDefinition metric, Map<String, ?> metadata) {
        String[] keys = metric.tagKeys(metadata);
        if (keys.length == 0) {
            return null;
        }
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = Tags.value(keys[i], metadata, globalTags);
        }
        return new SeriesKey(keys, values);
    }

    /** Checks that the definitions' family names are distinct (a duplicate would break the exposition). */
    static void checkNames(Iterable<MetricDefinition> metrics) throws io.telemetrypoller.config.ConfigException {
        Map<String, MetricDefinition> seen = new LinkedHashMap<>();
        for (MetricDefinition m : metrics) {
            MetricDefinition other = seen.put(PrometheusNames.family(m), m);
            if (other != null) {
                throw new io.telemetrypoller.config.ConfigException("metrics '" + other.name() + "' (" + other.type()
                        .configName() + ") and '" + m.name() + "' (" + m.type().configName()
                        + ") would both be exposed to Prometheus as " + PrometheusNames.family(m));
            }
        }
    }

    void useOtelKinds(Map<MetricDefinition, OtelJvmMetrics.Kind> kinds) {
        otelKinds = kinds;
    }

    /** Appends every family with at least one series. */
    void render(StringBuilder out) {
        for (Family f : byName.values()) {
            if (!f.isEmpty()) {
                f.render(out);
            }
        }
    }

    void pollCompleted() {
        polls.increment();
    }

    /** Removes the last values whose source stopped reporting them; the scrape's thread, before rendering. */
    void expire(long nowNanos) {
        for (Family f : byName.values()) {
            if (f.metric.type() == io.telemetrypoller.metrics.MetricType.LAST_VALUE) {
                int removed = f.removeExpired(nowNanos, expiryNanos, polls.get());
                if (removed > 0) {
                    seriesCount.addAndGet(-removed);
                }
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    int seriesCount() {
        return seriesCount.get();
    }

    private Family newFamily(MetricDefinition metric) {
        OtelJvmMetrics.Kind otel = otelKinds.get(metric);
        Family made = otel == null ? new Family(metric) : Family.otel(metric, otel);
        Family owner = byName.putIfAbsent(made.name, made);
        if (owner != null && owner.metric != metric) {
            AgentLog.warnOnce("prometheus-name:" + description + ":" + made.name, "sink " + description + ": "
                    + metric + " is left out: its Prometheus name " + made.name + " is taken by " + owner.metric);
            return null;
        }
        Family f = owner != null ? owner : made;
        Family raced = byMetric.putIfAbsent(metric, f);
        return raced != null ? raced : f;
    }

    private Series newSeries(Family f, SeriesKey key) {
        if (seriesCount.incrementAndGet() > MAX_SERIES) {
            seriesCount.decrementAndGet();
            dropped.incrementAndGet();
            AgentLog.warnOnce("prometheus-series:" + description, "sink " + description + ": more than "
                    + MAX_SERIES + " series; new ones are dropped (too many distinct tag values?)");
            return null;
        }
        String text = key == null ? globalLabels : labels(key.keys(), key.values());
        Series made = f.newSeries(text, polls);
        Series kept = f.add(key, made);
        if (kept != made) {
            seriesCount.decrementAndGet();
        }
        return kept;
    }

    /** {@code k1="v1",k2="v2"}: the tags with a value, then the global tags not among them. */
    private String labels(String[] keys, String[] values) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            String label = PrometheusNames.label(keys[i]);
            if (values[i] == null || values[i].isEmpty() || !used.add(label)) {
                continue;
            }
            appendLabel(sb, label, values[i]);
        }
        for (Map.Entry<String, String> g : globalTags.entrySet()) {
            String label = PrometheusNames.label(g.getKey());
            if (used.add(label)) {
                appendLabel(sb, label, g.getValue());
            }
        }
        return sb.toString();
    }

    private static void appendLabel(StringBuilder sb, String label, String value) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(label).append("=\"");
        TextFormat.appendLabelValue(sb, value);
        sb.append('"');
    }
}
