package io.telemetrypoller.sink.otlp;

import java.util.Arrays;

/**
 * The running value of one series (a metric and its attribute values) between exports. Updates and
 * snapshots take the object's lock: a few arithmetic operations, never held across I/O.
 */
final class SeriesState {
    private final OtlpKind kind;
    private final String[] keys;
    private final String[] values;
    private final double[] bounds;
    private long startEpochNanos;
    private boolean updated;
    private double value;
    /** An observed sum's value at the previous export (delta temporality exports the change). */
    private double exported;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final long[] bucketCounts;

    SeriesState(OtlpKind kind, String[] keys, String[] values, double[] bounds, long startEpochNanos) {
        this.kind = kind;
        this.keys = keys;
        this.values = values;
        this.bounds = bounds;
        this.startEpochNanos = startEpochNanos;
        this.bucketCounts = bounds == null ? null : new long[bounds.length + 1];
    }

    synchronized void record(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return; // OTLP backends refuse NaN sums and bounds; a gauge keeps its last real value
        }
        updated = true;
        switch (kind) {
            case GAUGE:
            case OBSERVED_SUM:
            case OBSERVED_MONOTONIC_SUM:
                value = v;
                break;
            case MONOTONIC_SUM:
            case SUM:
                value += v;
                break;
            default:
                count++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                bucketCounts[bucketOf(v)]++;
                break;
        }
    }

    /** Bucket i holds values in (bounds[i-1], bounds[i]], as OTLP specifies; the last one the rest. */
    private int bucketOf(double v) {
        int i = Arrays.binarySearch(bounds, v);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * The point to export now, or null when there is none (never updated; with delta temporality, not
     * updated since the last export). Delta temporality starts a new interval here.
     */
    synchronized PointSnapshot snapshot(boolean delta, long nowEpochNanos) {
        if (!updated) {
            return null;
        }
        boolean observed = kind == OtlpKind.OBSERVED_SUM || kind == OtlpKind.OBSERVED_MONOTONIC_SUM;
        PointSnapshot p = new PointSnapshot(keys, values, startEpochNanos, nowEpochNanos,
                observed && delta ? value - exported : value, count, sum,
                count == 0 ? 0 : min, count == 0 ? 0 : max, bounds,
                bucketCounts == null ? null : bucketCounts.clone());
        if (observed) {
            if (delta) {
                exported = value;
                startEpochNanos = nowEpochNanos;
            }
            return p; // the value stays: the next poll replaces it
        }
        if (delta && kind != OtlpKind.GAUGE) {
            startEpochNanos = nowEpochNanos;
            updated = false;
            value = 0;
            count = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            Arrays.fill(bucketCounts == null ? new long[0] : bucketCounts, 0);
        }
        return p;
    }
}
