package io.telemetrypoller.sink;

import java.io.IOException;

/**
 * Where a {@link LineOutput}'s writer thread puts its batches. Only that thread calls it, so an
 * implementation may block (a hung mount, a full pipe) without holding up anyone but the writer.
 */
public interface LineTarget {
    /**
     * Why this target must not be written at all (a FIFO given as a file, say), or null. Called once, on
     * the writer thread, before the first write; the sink's start waits a bounded time for the answer.
     */
    default String refusal() {
        return null;
    }

    /**
     * Why this target cannot take lines now though it is not refused (a file whose directory is missing or
     * not writable, a name too long), or null. Called once on the writer thread, after {@link #refusal},
     * within the same bounded wait; the writer still tries at every batch (the directory may appear).
     */
    default String openFailure() {
        return null;
    }

    /** Writes {@code bytes[0, length)}, whole lines; on failure nothing of the batch should stay behind. */
    void write(byte[] bytes, int length) throws IOException;

    /** Releases what the target holds; never throws. */
    void close();
}
