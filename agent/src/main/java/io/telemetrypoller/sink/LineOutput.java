package io.telemetrypoller.sink;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Complete lines buffered in memory and written out in one {@code write} per flush, so a reader of
 * the file never sees half an event, a failed write (full disk) loses only that batch (counted), and
 * a file that cannot be opened yet (missing directory) is tried again at the next flush.
 * When to flush is the sink set's decision (after each poll, and after each event off a poller thread).
 * The buffer is capped: past {@link #MAX_PENDING_BYTES} new lines are dropped and counted.
 */
public final class LineOutput {
    static final int MAX_PENDING_BYTES = 4 << 20;

    /** Opens the stream the lines go to. */
    public interface Target {
        OutputStream open() throws IOException;
    }

    private final Target target;
    private final boolean ownFile;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private OutputStream stream;
    private boolean closed;

    public LineOutput(Target target) {
        this(target, false);
    }

    /**
     * @param ownFile the target is a file only this sink writes: a failed write is cut back off it, so
     *                a full disk never leaves half a line behind
     */
    public LineOutput(Target target, boolean ownFile) {
        this.target = target;
        this.ownFile = ownFile;
    }

    /** Lines appended to a file of the sink's own (created if missing; its directory is not). */
    public static LineOutput forFile(String path) {
        return new LineOutput(file(path), true);
    }

    public static Target stdout() {
        return () -> new FileOutputStream(FileDescriptor.out);
    }

    public static Target stderr() {
        return () -> new FileOutputStream(FileDescriptor.err);
    }

    /** Appends to the file, creating it (not its directory). */
    public static Target file(String path) {
        return () -> new FileOutputStream(path, true);
    }

    /** Queues one line (a trailing newline is the caller's). */
    public void add(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        add(bytes, bytes.length);
    }

    /** Queues one line already encoded: {@code bytes[0, length)}, copied (a trailing newline is the caller's). */
    public void add(byte[] bytes, int length) {
        synchronized (this) {
            if (closed || pending.size() + length > MAX_PENDING_BYTES) {
                dropped.incrementAndGet();
                return;
            }
            pending.write(bytes, 0, length);
            written.incrementAndGet();
        }
    }

    /** Writes what is pending; on failure the batch is dropped, counted, and the error rethrown. */
    public synchronized void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        long sizeBefore = -1;
        try {
            if (stream == null) {
                stream = target.open();
            }
            sizeBefore = fileSize();
            pending.writeTo(stream);
            stream.flush();
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            cutBackTo(sizeBefore);
            closeStream();
            throw e;
        } finally {
            pending.reset();
        }
    }

    private long fileSize() {
        if (ownFile && stream instanceof FileOutputStream) {
            try {
                return ((FileOutputStream) stream).getChannel().size();
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    /** After a partial write (EFBIG, ENOSPC), removes the partial batch so the file ends on a whole line. */
    private void cutBackTo(long size) {
        if (size >= 0 && stream instanceof FileOutputStream) {
            try {
                ((FileOutputStream) stream).getChannel().truncate(size);
            } catch (IOException | RuntimeException ignored) {
                // best effort: the disk is in trouble already
            }
        }
    }

    public synchronized void close() throws IOException {
        try {
            flush();
        } finally {
            closed = true;
            closeStream();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    private void closeStream() {
        OutputStream s = stream;
        stream = null;
        if (s != null) {
            try {
                s.close(); // for stdout/stderr this closes a private FileOutputStream, not System.out
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
