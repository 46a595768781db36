package io.telemetrypoller.sink;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one thread of a line sink that does its blocking I/O: checks the target once
 * ({@link LineTarget#refusal}), then writes each committed batch of its {@link LineBuffer} in one call,
 * with no lock held, until the buffer is closed and empty. A failed batch is dropped (its lines counted)
 * and the failure kept for the next flush to report. A writer stuck in the kernel (a hung mount) holds up
 * only itself: appending threads see the buffer fill and drop, and the exit waits for it a bounded time.
 */
final class LineWriter implements Runnable {
    private final LineBuffer buffer;
    private final LineTarget target;
    private final AtomicLong dropped;
    private final CountDownLatch checked = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String refusal;
    private volatile String openFailure;

    LineWriter(LineBuffer buffer, LineTarget target, AtomicLong dropped) {
        this.buffer = buffer;
        this.target = target;
        this.dropped = dropped;
    }

    @Override
    public void run() {
        try {
            check();
            LineBuffer.Batch batch = new LineBuffer.Batch();
            while (buffer.awaitAndTake(batch)) {
                try {
                    target.write(batch.array, batch.length);
                } catch (IOException | RuntimeException e) {
                    dropped.addAndGet(lines(batch));
                    failure.compareAndSet(null, e);
                } finally {
                    buffer.written();
                }
            }
        } catch (InterruptedException e) {
            // stop: the daemon thread is not needed any more
        } finally {
            target.close();
            buffer.ended();
        }
    }

    private void check() {
        try {
            refusal = target.refusal();
            if (refusal == null) {
                openFailure = target.openFailure();
            }
        } catch (RuntimeException e) {
            refusal = null; // a write will say what is wrong
        } finally {
            checked.countDown();
        }
    }

    /** The target's refusal, or null if it has none or did not answer within {@code millis}. */
    String awaitRefusal(long millis) throws InterruptedException {
        return checked.await(millis, TimeUnit.MILLISECONDS) ? refusal : null;
    }

    /** Why the target could not be opened at the first look (after {@link #awaitRefusal}), or null. */
    String openFailure() {
        return openFailure;
    }

    /** The first failure since the last call, or null. */
    Throwable takeFailure() {
        return failure.getAndSet(null);
    }

    private static long lines(LineBuffer.Batch batch) {
        long n = 0;
        for (int i = 0; i < batch.length; i++) {
            if (batch.array[i] == '\n') {
                n++;
            }
        }
        return Math.max(1, n);
    }
}
