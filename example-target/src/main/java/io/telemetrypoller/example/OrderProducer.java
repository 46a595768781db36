package io.telemetrypoller.example;

import java.util.List;

/**
 * Submits orders in waves: a burst for {@link #BURST_MS}, then quiet until the cycle of
 * {@link #CYCLE_MS} ends. Run every {@link #TICK_MS} by the scheduler.
 *
 * <p>During a burst it submits about 100 orders per second while the two workers process about
 * 50, so each inbox climbs to roughly 125, then drains in about 5 s: one rise and fall per cycle.
 */
final class OrderProducer implements Runnable {
    static final long TICK_MS = 100;
    static final long BURST_MS = 5000;
    static final long CYCLE_MS = 15000;
    private static final int ORDERS_PER_TICK = 10;

    private final List<OrderWorker> workers;
    private final long startNanos = System.nanoTime();
    private long next;

    OrderProducer(List<OrderWorker> workers) {
        this.workers = workers;
    }

    @Override
    public void run() {
        long elapsedMs = (System.nanoTime() - startNanos) / 1000000L;
        if (elapsedMs % CYCLE_MS >= BURST_MS) {
            return; // the quiet part of the cycle
        }
        for (int i = 0; i < ORDERS_PER_TICK; i++) {
            long number = ++next;
            // 8-40 KB payloads: enough allocation for the heap to move, little enough to stay small.
            int payload = 8192 + (int) (number % 5) * 8192;
            // Round robin, so both inboxes move together and each is visible on its own.
            workers.get((int) (number % workers.size())).submit(new Order(number, payload));
        }
    }
}
