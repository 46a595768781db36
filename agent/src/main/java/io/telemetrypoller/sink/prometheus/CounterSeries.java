package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.atomic.DoubleAdder;

/** A counter (events counted) or a sum (measurements added): {@code vm_gc_pause_total{collector="G1"} 3.0}. */
final class CounterSeries extends Series {
    private final DoubleAdder total = new DoubleAdder();

    CounterSeries(String labels) {
        super(labels);
    }

    @Override
    void update(double v) {
        if (!Double.isNaN(v)) {
            total.add(v);
        }
    }

    @Override
    void render(StringBuilder out, String family) {
        appendName(out, family);
        out.append(' ');
        TextFormat.appendValue(out, total.sum());
        out.append('\n');
    }
}
