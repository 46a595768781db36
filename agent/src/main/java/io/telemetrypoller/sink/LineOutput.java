package io.telemetrypoller.sink;

import io.telemetrypoller.internal.AgentLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line sink's output: complete lines appended by any thread into a bounded buffer, written by the
 * sink's own daemon thread {@code telemetry-poller-writer-<sink>}, which batches what accumulates while
 * it writes. No thread but the writer ever waits for the destination: appending is a copy, and when the
 * buffer holds {@link #MAX_PENDING_BYTES} not yet written, a new line is dropped, counted and reported
 * once; so is a line larger than the whole buffer. When lines become writable is the sink set's decision
 * ({@link #flush}: after each poll, and after each event off a poller thread); the writer takes only
 * whole lines, so a reader of the file never sees half an event. A failed write (full disk) loses only its batch (counted); the
 * failure is thrown by the next {@link #flush}, so the sink set reports it once and counts it.
 */
public final class LineOutput {
    public static final int MAX_PENDING_BYTES = 4 << 20;
    private static final int THREAD_NAME_MAX = 64;

    private final String description;
    private final LineBuffer buffer = new LineBuffer(MAX_PENDING_BYTES);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final LineWriter writer;

    /** Starts the writer thread of {@code target}; {@code description} names the sink in messages. */
    public LineOutput(String description, LineTarget target) {
        this.description = description;
        this.writer = new LineWriter(buffer, target, dropped);
        String name = "telemetry-poller-writer-" + description;
        Thread thread = new Thread(writer, name.length() > THREAD_NAME_MAX ? name.substring(0, THREAD_NAME_MAX) : name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Lines appended to a file of the sink's own (created if missing; its directory is not). */
    public static LineOutput forFile(String path) {
        return new LineOutput("file:" + path, new FileTarget(path));
    }

    /**
     * Why the target refuses lines (e.g. the file is a FIFO), or null: waits at most {@code millis} for
     * the writer's first look at it (a stat, so a hung mount is the only reason to wait at all).
     */
    public String awaitRefusal(long millis) {
        try {
            return writer.awaitRefusal(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Why the target could not be opened at the writer's first look (e.g. its directory is missing), or
     * null; meaningful after {@link #awaitRefusal} returned null. Lines are still tried at every batch.
     */
    public String openFailure() {
        return writer.openFailure();
    }

    /** Queues one line (a trailing newline is the caller's). */
    public void add(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        add(bytes, bytes.length);
    }

    /** Queues one line already encoded: {@code bytes[0, length)}, copied (a trailing newline is the caller's). */
    public void add(byte[] bytes, int length) {
        LineBuffer.Added added = buffer.add(bytes, length);
        if (added == LineBuffer.Added.ADDED) {
            written.incrementAndGet();
            return;
        }
        dropped.incrementAndGet();
        if (added == LineBuffer.Added.OVERSIZED) {
            AgentLog.warnOnce("sink:" + description + ":oversized", "sink " + description + " dropped an event of "
                    + length + " bytes, larger than its whole buffer (" + (MAX_PENDING_BYTES >> 20)
                    + " MiB) (reported once; every line dropped is counted)");
        } else if (added == LineBuffer.Added.FULL) {
            AgentLog.warnOnce("sink:" + description + ":full", "sink " + description + " dropped events: "
                    + (MAX_PENDING_BYTES >> 20) + " MiB are waiting to be written (is its destination stuck?) "
                    + "(reported once; every line dropped is counted)");
        }
    }

    /**
     * Hands what was queued to the writer, without waiting for it; throws the failure the writer met
     * since the last flush, if any.
     */
    public void flush() throws IOException {
        buffer.commit();
        Throwable failure = writer.takeFailure();
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
    }

    /**
     * Waits until what was flushed is written and, after {@link #close}, until the writer has ended;
     * at most until {@code deadlineNanos} ({@link System#nanoTime}). True if so; false if the writer is
     * still busy (stuck?) then.
     */
    public boolean awaitIdle(long deadlineNanos) {
        try {
            return buffer.awaitIdle(deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Refuses further lines; the writer writes what is queued, closes the target and ends. Does not wait. */
    public void close() {
        buffer.close();
    }

    /** Lines lost: past the buffer's cap, in a failed write, or after close. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines queued for writing. */
    public long written() {
        return written.get();
    }
}
