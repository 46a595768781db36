package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/** A last value: {@code vm_memory_total_bytes 4.9670008E7}. */
final class GaugeSeries extends Series {
    private static final AtomicLongFieldUpdater<GaugeSeries> BITS =
            AtomicLongFieldUpdater.newUpdater(GaugeSeries.class, "bits");

    /** The value's raw bits. */
    private volatile long bits;

    GaugeSeries(String labels) {
        super(labels);
    }

    /**
     * An ordered store, not a volatile one: a scrape sees the value a moment later at most, and the
     * application thread that updates skips the full fence a volatile store costs on every event.
     */
    @Override
    void update(double v) {
        BITS.lazySet(this, Double.doubleToRawLongBits(v));
    }

    @Override
    void render(StringBuilder out, String family) {
        appendName(out, family);
        out.append(' ');
        TextFormat.appendValue(out, Double.longBitsToDouble(bits));
        out.append('\n');
    }
}
