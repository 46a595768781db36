package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.OtelJvmMetrics;
import io.telemetrypoller.metrics.Unit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The samples of one metric under one name, with its {@code # HELP} and {@code # TYPE}. Series are
 * found by {@link SeriesKey} and kept sorted by their label text, so a scrape renders in a stable order
 * without sorting or locking.
 */
final class Family {
    /** Buckets when a summary or distribution sets none: client_java's, in seconds. */
    static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    final String name;
    final MetricDefinition metric;
    private final String type;
    private final String help;
    private final double[] bounds;
    private final String[] boundText;
    /** Keyed by SeriesKey; looked up with a {@link SeriesLookup} as well. */
    final ConcurrentHashMap<Object, Series> byKey = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Series> sorted = new ConcurrentSkipListMap<>();
    private volatile Series unlabelled;

    Family(MetricDefinition metric) {
        this(metric, PrometheusNames.family(metric), PrometheusNames.type(metric.type()));
    }

    /**
     * A naming=otel metric, named and typed as OpenTelemetry's Prometheus exporter does: an observed
     * counter is a {@code counter} whose samples are the polled total (a last value, not a sum).
     */
    static Family otel(MetricDefinition metric, OtelJvmMetrics.Kind kind) {
        return new Family(metric, PrometheusNames.otelFamily(metric, kind == OtelJvmMetrics.Kind.COUNTER),
                kind == OtelJvmMetrics.Kind.COUNTER ? "counter" : PrometheusNames.type(metric.type()));
    }

    private Family(MetricDefinition metric, String name, String type) {
        this.metric = metric;
        this.name = name;
        this.type = type;
        int shift = PrometheusNames.shiftToBase(metric); // buckets are in the metric's unit
        this.help = metric.description() != null ? metric.description() : defaultHelp(metric);
        double[] b = metric.buckets();
        if (b == null) {
            b = DEFAULT_BUCKETS.clone();
        } else {
            for (int i = 0; i < b.length; i++) {
                b[i] = Unit.scale(b[i], shift);
            }
        }
        this.bounds = b;
        this.boundText = new String[b.length];
        for (int i = 0; i < b.length; i++) {
            StringBuilder sb = new StringBuilder();
            TextFormat.appendValue(sb, b[i]);
            boundText[i] = sb.toString();
        }
    }

    Series unlabelled() {
        return unlabelled;
    }

    /** Makes the series for a label text; the caller has checked the series limit. */
    Series newSeries(String labels, PollCount polls) {
        switch (metric.type()) {
            case COUNTER:
            case SUM:
                return new CounterSeries(labels);
            case LAST_VALUE:
                return new GaugeSeries(labels, polls);
            default:
                return new HistogramSeries(labels, bounds, boundText);
        }
    }

    /** Adds a new series; returns the one that won if another thread added the same key first. */
    Series add(SeriesKey key, Series s) {
        if (key == null) {
            synchronized (this) {
                if (unlabelled == null) {
                    Series prior = sorted.putIfAbsent(s.labels, s);
                    unlabelled = prior != null ? prior : s;
                }
                return unlabelled;
            }
        }
        Series raced = byKey.putIfAbsent(key, s);
        if (raced != null) {
            return raced;
        }
        Series sameText = sorted.putIfAbsent(s.labels, s);
        if (sameText != null) {
            byKey.put(key, sameText); // different keys, same labels (e.g. an empty tag): one series
            return sameText;
        }
        return s;
    }

    /**
     * Removes the series whose source stopped reporting them; returns how many. An update racing with
     * the removal lands in the removed series and is lost; the next one makes the series again.
     */
    int removeExpired(long nowNanos, long expiryNanos, int pollsNow) {
        int removed = 0;
        for (java.util.Iterator<Series> it = sorted.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (s.expired(nowNanos, expiryNanos, pollsNow)) {
                it.remove();
                byKey.values().removeIf(v -> v == s);
                if (unlabelled == s) {
                    synchronized (this) {
                        unlabelled = null;
                    }
                }
                removed++;
            }
        }
        return removed;
    }

    boolean isEmpty() {
        return sorted.isEmpty();
    }

    void render(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ');
        TextFormat.appendHelp(out, help);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Map.Entry<String, Series> e : sorted.entrySet()) {
            e.getValue().render(out, name);
        }
    }

    private static String defaultHelp(MetricDefinition m) {
        String unit = m.unit() == null ? "" : " (" + m.unit() + ")";
        return m.type().configName() + " of " + m.name() + unit;
    }
}
