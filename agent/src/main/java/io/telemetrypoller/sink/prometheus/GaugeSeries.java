package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A last value: {@code vm_memory_total_bytes 4.9670008E7}. It expires when its source stops reporting
 * it (a worker, executor or pool gone): see {@link #expired}.
 */
final class GaugeSeries extends Series {
    private static final AtomicLongFieldUpdater<GaugeSeries> BITS =
            AtomicLongFieldUpdater.newUpdater(GaugeSeries.class, "bits");

    /** The value's raw bits. */
    private volatile long bits;
    /** Updated since the last scrape's look at it; its first update since then was at {@link #touchedAt}. */
    private volatile boolean touched = true;
    private volatile long touchedAt = System.nanoTime();
    private volatile int touchedPoll;
    /** The scrape thread's: the time and poll count of the latest update it knows of. */
    private long lastSeen;
    private int lastSeenPoll;
    private final PollCount polls;

    GaugeSeries(String labels, PollCount polls) {
        super(labels);
        this.polls = polls;
        this.touchedPoll = polls.get();
    }

    /**
     * An ordered store, not a volatile one: a scrape sees the value a moment later at most, and the
     * application thread that updates skips the full fence a volatile store costs on every event. The
     * update's time is taken once between two scrapes, so the others pay a read.
     */
    @Override
    void update(double v) {
        BITS.lazySet(this, Double.doubleToRawLongBits(v));
        if (!touched) {
            touchedAt = System.nanoTime();
            touchedPoll = polls.get();
            touched = true;
        }
    }

    /**
     * True once no update came for {@code expiryNanos} while at least {@link MetricStore#EXPIRY_PERIODS}
     * polls ended, judged at each scrape. The time kept is that of the first update after a scrape, so
     * a series is removed at the earliest one scrape interval before the bound, and only after a whole
     * scrape interval with no update at all.
     */
    @Override
    boolean expired(long nowNanos, long expiryNanos, int pollsNow) {
        if (touched) {
            lastSeen = touchedAt;
            lastSeenPoll = touchedPoll;
            touched = false;
            return false;
        }
        return nowNanos - lastSeen >= expiryNanos && pollsNow - lastSeenPoll >= MetricStore.EXPIRY_PERIODS;
    }

    @Override
    void render(StringBuilder out, String family) {
        appendName(out, family);
        out.append(' ');
        TextFormat.appendValue(out, Double.longBitsToDouble(bits));
        out.append('\n');
    }
}
