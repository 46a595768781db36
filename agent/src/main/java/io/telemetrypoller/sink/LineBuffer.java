package io.telemetrypoller.sink;

/**
 * Whole lines waiting for a sink's writer thread. Any thread appends ({@link #add}); a flush commits what
 * was appended so far ({@link #commit}); the writer takes the committed bytes in one piece ({@link #take})
 * and writes them with no lock held. Appending and committing cost a copy under this object's lock and
 * never wait for the writer: past {@code capacity} bytes appended and not yet taken, a line is refused.
 *
 * <p>One array holds the committed bytes followed by the appended ones; {@link #take} hands the whole
 * array to the writer in exchange for the writer's emptied one, copying only the uncommitted tail over.
 */
final class LineBuffer {
    /** What became of a line given to {@link #add}. */
    enum Added { ADDED, FULL, OVERSIZED, CLOSED }

    /** The committed bytes the writer took: {@code array[0, length)}. The writer keeps it between takes. */
    static final class Batch {
        byte[] array = new byte[0];
        int length;
    }

    private static final int INITIAL = 8192;
    /** An emptied array larger than this is not kept for the next batch (after a burst, say). */
    private static final int KEPT_ARRAY_MAX = 256 << 10;

    private final int capacity;
    private byte[] bytes = new byte[INITIAL];
    private int length;       // bytes appended, committed or not
    private int committed;    // bytes [0, committed) are committed
    private boolean writing;  // the writer holds a batch it has not finished with
    private boolean closed;
    private boolean ended;    // the writer has stopped for good
    private boolean writerWaiting;

    LineBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Appends {@code line[0, size)} unless closed, or the line or the buffer is past the capacity. */
    synchronized Added add(byte[] line, int size) {
        if (closed) {
            return Added.CLOSED;
        }
        if (size > capacity) {
            return Added.OVERSIZED;
        }
        if (size > capacity - length) {
            return Added.FULL;
        }
        if (length + size > bytes.length) {
            byte[] bigger = new byte[Math.min(capacity, Math.max(length + size, bytes.length * 2))];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
        System.arraycopy(line, 0, bytes, length, size);
        length += size;
        return Added.ADDED;
    }

    /** Makes every line appended so far available to the writer, and wakes it if it waits. */
    synchronized void commit() {
        if (committed == length) {
            return;
        }
        committed = length;
        if (writerWaiting) {
            notifyAll();
        }
    }

    /**
     * For the writer: takes the committed bytes into {@code batch} (whose array is given back to the
     * buffer for reuse). False if nothing is committed.
     */
    synchronized boolean take(Batch batch) {
        if (committed == 0) {
            return false;
        }
        int tail = length - committed;
        byte[] next = batch.array.length >= Math.max(tail, INITIAL) && batch.array.length <= KEPT_ARRAY_MAX
                ? batch.array : new byte[Math.max(tail, INITIAL)];
        System.arraycopy(bytes, committed, next, 0, tail);
        batch.array = bytes;
        batch.length = committed;
        bytes = next;
        length = tail;
        committed = 0;
        writing = true;
        return true;
    }

    /**
     * For the writer: waits until bytes are committed, then takes them. False once the buffer is closed
     * and nothing committed is left (the writer then stops).
     */
    synchronized boolean awaitAndTake(Batch batch) throws InterruptedException {
        while (!take(batch)) {
            if (closed) {
                return false;
            }
            writerWaiting = true;
            try {
                wait();
            } finally {
                writerWaiting = false;
            }
        }
        return true;
    }

    /** For the writer: the batch it took is written (or lost). */
    synchronized void written() {
        writing = false;
        notifyAll(); // anyone awaiting the drain
    }

    /** For the writer: it stops and will take nothing more. */
    synchronized void ended() {
        ended = true;
        writing = false;
        notifyAll();
    }

    /** Refuses every later line; what is committed by then is still taken, then the writer stops. */
    synchronized void close() {
        closed = true;
        committed = length; // the last lines are not left behind
        notifyAll();
    }

    /**
     * Waits until nothing committed is left to write and, once closed, until the writer has stopped;
     * gives up at {@code deadlineNanos} ({@link System#nanoTime}). True if that state was reached.
     */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (committed > 0 || writing || (closed && !ended)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(left / 1_000_000L + 1);
        }
        return true;
    }

    /** Bytes appended and not yet taken by the writer. */
    synchronized int pending() {
        return length;
    }
}
