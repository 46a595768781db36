package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A summary or distribution as a Prometheus histogram:
 *
 * <pre>
 * vm_gc_pause_duration_seconds_bucket{le="0.005"} 3
 * vm_gc_pause_duration_seconds_bucket{le="+Inf"} 4
 * vm_gc_pause_duration_seconds_sum 0.031
 * vm_gc_pause_duration_seconds_count 4
 * </pre>
 *
 * Buckets are counted apart and added up when rendered, so {@code +Inf} and {@code _count} always agree
 * however the updates interleave with a scrape. NaN observations are ignored.
 */
final class HistogramSeries extends Series {
    private final double[] bounds;
    private final String[] boundText;
    private final AtomicLongArray counts;
    private final DoubleAdder sum = new DoubleAdder();

    HistogramSeries(String labels, double[] bounds, String[] boundText) {
        super(labels);
        this.bounds = bounds;
        this.boundText = boundText;
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    @Override
    void update(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        int i = 0;
        while (i < bounds.length && v > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(v);
    }

    @Override
    void render(StringBuilder out, String family) {
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts.get(i);
            out.append(family).append("_bucket{");
            if (!labels.isEmpty()) {
                out.append(labels).append(',');
            }
            out.append("le=\"").append(i < bounds.length ? boundText[i] : "+Inf").append("\"} ")
                    .append(cumulative).append('\n');
        }
        appendName(out, family + "_sum");
        out.append(' ');
        TextFormat.appendValue(out, sum.sum());
        out.append('\n');
        appendName(out, family + "_count");
        out.append(' ').append(cumulative).append('\n');
    }
}
