package io.telemetrypoller.sink.otlp;

/** One data point as exported: a copy taken under the series' lock, encoded without it. */
final class PointSnapshot {
    final String[] attributeKeys;
    final String[] attributeValues;
    final long startEpochNanos;
    final long timeEpochNanos;
    /** Sum or gauge value. */
    final double value;
    /** Histogram fields (null bucketCounts: not a histogram). */
    final long count;
    final double sum;
    final double min;
    final double max;
    final double[] bounds;
    final long[] bucketCounts;

    PointSnapshot(String[] attributeKeys, String[] attributeValues, long startEpochNanos, long timeEpochNanos,
                  double value, long count, double sum, double min, double max, double[] bounds,
                  long[] bucketCounts) {
        this.attributeKeys = attributeKeys;
        this.attributeValues = attributeValues;
        this.startEpochNanos = startEpochNanos;
        this.timeEpochNanos = timeEpochNanos;
        this.value = value;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
        this.bounds = bounds;
        this.bucketCounts = bucketCounts;
    }
}
