package io.telemetrypoller.example;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends order confirmations from its {@code outbox}, run by the thread "mailer".
 *
 * <p>It sends about 40 mails per second: slower than the workers confirm orders while they have
 * a backlog (50 a second), so the outbox rises behind the order backlog, but faster than their
 * average over a cycle (33 a second), so it drains before the next wave. A {@link Runnable} with
 * a non-blocking queue and no name field, unlike {@link OrderWorker}: the other shape of worker.
 */
public final class Mailer implements Runnable {
    private static final long SEND_MS = 25;
    private static final long IDLE_MS = 100;

    private final Queue<String> outbox = new ConcurrentLinkedQueue<String>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running = true;

    public void send(String message) {
        outbox.add(message);
    }

    /** Linear in the outbox size (ConcurrentLinkedQueue), fine for the few hundred mails it holds. */
    public int queued() {
        return outbox.size();
    }

    public long sent() {
        return sent.get();
    }

    public void shutdown() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running) {
                String mail = outbox.poll();
                if (mail == null) {
                    Thread.sleep(IDLE_MS);
                    continue;
                }
                // "Sending" is a pause plus a little encoding work.
                Work.fill(mail.getBytes("UTF-8"), mail.length());
                Thread.sleep(SEND_MS);
                sent.incrementAndGet();
            }
        } catch (InterruptedException e) {
            // Stopped: nothing to clean up.
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e); // UTF-8 is always there
        }
    }
}
