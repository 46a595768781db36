package io.telemetrypoller.example;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker thread that consumes {@link Order}s from its own {@code inbox}, slowly on purpose:
 * the producer submits faster than the workers can process during a wave, so the backlog of
 * {@code inbox} grows, then drains once the wave is over.
 */
public final class OrderWorker extends Thread {
    /** Time spent per order: about 40 ms, so one worker handles about 25 orders per second. */
    private static final long SLEEP_MS = 35;
    private static final long SPIN_MICROS = 3000;

    private final BlockingQueue<Order> inbox = new LinkedBlockingQueue<Order>();
    private final String id;
    private final Mailer mailer;
    private final ReceiptCache receipts;
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean running = true;

    /** @param number 1-based: the worker's id is "orders-N", its thread "order-worker-N". */
    public OrderWorker(int number, Mailer mailer, ReceiptCache receipts) {
        super("order-worker-" + number);
        this.id = "orders-" + number;
        this.mailer = mailer;
        this.receipts = receipts;
        // Daemon, so a stuck worker can never keep the JVM alive after main ends.
        setDaemon(true);
    }

    public String id() {
        return id;
    }

    public void submit(Order order) {
        inbox.add(order);
    }

    public int queued() {
        return inbox.size();
    }

    public long processed() {
        return processed.get();
    }

    /** Stops after the current order; orders still queued are dropped. */
    public void shutdown() {
        running = false;
        interrupt();
    }

    @Override
    public void run() {
        while (running) {
            try {
                // A timed poll rather than take(), so the running flag is re-checked regularly.
                Order order = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (order != null) {
                    process(order);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void process(Order order) throws InterruptedException {
        // Short-lived scratch buffer: garbage right after this method, which keeps the young gen busy.
        byte[] scratch = new byte[order.payloadBytes()];
        long checksum = Work.fill(scratch, order.number());
        Work.spin(SPIN_MICROS);
        Thread.sleep(SLEEP_MS);
        receipts.put(order.number(), scratch.length / 8);
        mailer.send(id + " confirmed " + order + " checksum " + checksum);
        processed.incrementAndGet();
    }
}
