package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A last value: {@code vm_memory_total_bytes 4.9670008E7}. It expires when its source stops reporting
 * it (a worker, executor or pool gone): see {@link #expired}.
 *
 * <p>Striped: each updating thread writes the cell of its stripe (by thread id), so that application
 * threads on different cores reporting the same series do not pass one cache line between them on
 * every event (measured: 1,140 ns a call with 8 threads on one shared word). A scrape shows the latest
 * value of a cell updated since the previous scrape; with several, one of them: which of two threads'
 * concurrent updates is "last" is not defined anyway, and each thread's own order is kept, since a
 * thread always writes the same cell. A series that one thread updates (every poller's) has one cell.
 */
final class GaugeSeries extends Series {
    static final int STRIPES = 8;

    /** Padding laid out before a cell's fields (a superclass's fields come first). */
    abstract static class PadBefore {
        long p1, p2, p3, p4, p5, p6, p7;
    }

    /** A stripe's latest value, on a cache line of its own: no neighbour's writes or reads share it. */
    abstract static class CellFields extends PadBefore {
        volatile long bits;
        /** Moves at each update: a scrape tells an updated cell from a quiet one. Racy among the threads of one stripe, which only needs it to move. */
        volatile int updates;
    }

    static final class Cell extends CellFields {
        private static final AtomicLongFieldUpdater<CellFields> BITS =
                AtomicLongFieldUpdater.newUpdater(CellFields.class, "bits");
        private static final AtomicIntegerFieldUpdater<CellFields> UPDATES =
                AtomicIntegerFieldUpdater.newUpdater(CellFields.class, "updates");
        long q1, q2, q3, q4, q5, q6, q7;

        /**
         * Ordered stores, not volatile ones: a scrape sees the value a moment later at most, and the
         * updating thread skips the full fence a volatile store costs on every event; the value is
         * stored before the count that announces it.
         */
        void set(long raw) {
            BITS.lazySet(this, raw);
            UPDATES.lazySet(this, updates + 1);
        }
    }

    private final AtomicReferenceArray<Cell> cells = new AtomicReferenceArray<>(STRIPES);
    /** Updated since the last scrape's look at it; its first update since then was at {@link #touchedAt}. */
    private volatile boolean touched = true;
    private volatile long touchedAt = System.nanoTime();
    private volatile int touchedPoll;
    /** The scrape thread's: the time and poll count of the latest update it knows of. */
    private long lastSeen;
    private int lastSeenPoll;
    /** The scrape thread's: each cell's update count at the last render, and the value shown then. */
    private final int[] seenUpdates = new int[STRIPES];
    private long shownBits;
    private final PollCount polls;

    GaugeSeries(String labels, PollCount polls) {
        super(labels);
        this.polls = polls;
        this.touchedPoll = polls.get();
    }

    /** The update's time is taken once between two scrapes, so the others pay a read. */
    @Override
    void update(double v) {
        int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
        Cell cell = cells.get(stripe);
        if (cell == null) {
            cell = newCell(stripe);
        }
        cell.set(Double.doubleToRawLongBits(v));
        if (!touched) {
            touchedAt = System.nanoTime();
            touchedPoll = polls.get();
            touched = true;
        }
    }

    private Cell newCell(int stripe) {
        Cell made = new Cell();
        return cells.compareAndSet(stripe, null, made) ? made : cells.get(stripe);
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
    synchronized void render(StringBuilder out, String family) {
        for (int i = 0; i < STRIPES; i++) {
            Cell cell = cells.get(i);
            if (cell != null) {
                int updates = cell.updates; // read before the value: the value is then at least that new
                if (updates != seenUpdates[i]) {
                    seenUpdates[i] = updates;
                    shownBits = cell.bits;
                }
            }
        }
        appendName(out, family);
        out.append(' ');
        TextFormat.appendValue(out, Double.longBitsToDouble(shownBits));
        out.append('\n');
    }
}
