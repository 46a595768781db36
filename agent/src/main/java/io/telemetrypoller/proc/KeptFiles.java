package io.telemetrypoller.proc;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@link ProcFile}s into one buffer, keeping a few descriptors open between polls: procfs renders
 * a file again on each read from offset 0, so a kept descriptor costs one {@code pread} where reopening
 * costs an {@code open}, a read and a {@code close} (a {@code schedstat} about 1 us against 5.4 us from Java,
 * docs/performance.md).
 *
 * <p>Descriptors are a resource of the host (and its count is reported by {@code system_counts}), so:
 * <ul>
 *   <li>a file is kept only once it is read in two polls in a row: every thread's {@code schedstat},
 *       the process's {@code status}, and the {@code stat} of a
 *       thread that ran in two polls in a row (read only after a thread ran: the JVM's periodic task,
 *       the poller itself); so the number kept grows with the threads that run, up to the cap, and
 *       stays there while they live;</li>
 *   <li>at most {@code max} ({@value #MAX} by default) are kept; when all are taken, a file read in two
 *       polls in a row takes the place of the one read longest ago, if that was not read in the last
 *       poll (files read every poll never push each other out);</li>
 *   <li>a descriptor is closed when its task vanishes ({@link #release}) or its place is taken, not when
 *       its file goes unread for a while: so the number kept, part of the process's descriptor count,
 *       stays steady while the threads do;</li>
 *   <li>none are kept unless {@link FdHeadroom} allows the whole {@code max} on top of what the process
 *       already uses (checked every {@value #CHECK_POLLS} polls; when it stops allowing, all are closed);</li>
 *   <li>{@link #close} closes them all and keeps none from then on.</li>
 * </ul>
 * A kept file is a {@code RandomAccessFile}, read with {@code seek} and {@code read}: at one poll a
 * second this code runs cold and mostly interpreted, and there {@code FileChannel}'s read path (a
 * temporary direct buffer, its copy, the blocking and thread-set bookkeeping) costs more than the
 * {@code lseek} it saves (docs/performance.md, section 6). A file read once is opened with
 * {@code FileChannel.open}, which, unlike {@code RandomAccessFile}, makes no {@code fstat}: above the
 * cap most reads are of that kind, every poll, and the code runs hot (section 3).
 *
 * <p>Thread rules: the poller thread reads; {@link #close} may come from another thread (a poller
 * closing, a watchdog removing a stuck measurement), so what changes the kept set is synchronized. A
 * read racing with {@code close} fails like the read of a vanished task.
 */
public final class KeptFiles {
    public static final int MAX = 64;
    public static final int CHECK_POLLS = 16;

    private final byte[] buf;
    private final ByteBuffer bytes; // buf, for FileChannel
    private final FdHeadroom headroom;
    private final ProcFile[] kept;
    private int held;
    private long poll;
    private long allReadLately = -1; // the poll in which every kept file was found read in the last two
    private long nextCheck;
    private boolean allowed;
    private boolean closed;

    public KeptFiles(byte[] buf, FdHeadroom headroom, int max) {
        this.buf = buf;
        this.bytes = ByteBuffer.wrap(buf);
        this.headroom = headroom;
        this.kept = new ProcFile[max];
    }

    /** Starts a poll: every {@value #CHECK_POLLS} polls (the first included), asks for headroom again. */
    public void startPoll() {
        poll++;
        if (poll >= nextCheck) {
            nextCheck = poll + CHECK_POLLS;
            // our own descriptors are among the open ones: ask for the rest of the cap only
            boolean ok = headroom.allows(kept.length - held());
            synchronized (this) {
                allowed = ok;
                if (!ok) {
                    closeAll();
                }
            }
        }
    }

    /**
     * Reads the file from its start into the buffer in one read (a /proc file is rendered whole, up to the
     * buffer's size); returns the length, or -1 when it cannot be read (absent, or its task has exited: a
     * kept descriptor of an exited task fails with ESRCH).
     */
    public int read(ProcFile f) {
        boolean again = f.readPoll == poll - 1;
        f.readPoll = poll;
        RandomAccessFile file = f.file;
        if (file != null) {
            int n = readFromStart(file);
            if (n <= 0) {
                release(f);
                return -1;
            }
            return n;
        }
        return again && roomFor() ? openAndKeep(f) : readOnce(f);
    }

    /** Opens the file to keep it (a place was found for it just now), and reads it. */
    private int openAndKeep(ProcFile f) {
        RandomAccessFile file;
        try {
            file = new RandomAccessFile(f.path.toString(), "r");
        } catch (IOException | RuntimeException e) { // RuntimeException: a security manager
            return -1;
        }
        int n = readFromStart(file);
        if (n <= 0 || !keep(f, file)) {
            closeQuietly(file);
        }
        return n <= 0 ? -1 : n;
    }

    /** Opens, reads and closes the file. */
    private int readOnce(ProcFile f) {
        // a FileChannel read on an interrupted thread fails and closes the channel: a handler that left
        // the poller thread's interrupt flag set would make every task look gone. Read with it clear.
        boolean interrupted = Thread.interrupted();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(f.path);
            bytes.clear();
            int n = channel.read(bytes, 0);
            return n <= 0 ? -1 : n;
        } catch (IOException | RuntimeException e) { // RuntimeException: a security manager, a foreign path
            return -1;
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the descriptor is released either way
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a file read in two polls in a row can be kept now: making room, if need be. */
    private synchronized boolean roomFor() {
        if (closed || !allowed) {
            return false;
        }
        return held < kept.length || dropReadLongestAgo();
    }

    /** Closes the file's kept descriptor, if any: its task has vanished. */
    synchronized void release(ProcFile f) {
        for (int i = 0; i < held; i++) {
            if (kept[i] == f) {
                drop(i);
                return;
            }
        }
    }

    /** For tests: how many descriptors are kept. */
    synchronized int held() {
        return held;
    }

    /** Closes every kept descriptor; files are then opened for each read. Idempotent. */
    public synchronized void close() {
        closed = true;
        closeAll();
    }

    private synchronized boolean keep(ProcFile f, RandomAccessFile file) {
        if (closed || !allowed) {
            return false;
        }
        if (held == kept.length && !dropReadLongestAgo()) {
            return false;
        }
        f.file = file;
        kept[held++] = f;
        return true;
    }

    /** Closes the kept file read longest ago if it was not read in this poll or the last; false if none. */
    private boolean dropReadLongestAgo() {
        if (allReadLately == poll) {
            return false; // found so earlier in this poll: reads only make files more recent
        }
        int oldest = 0;
        for (int i = 1; i < held; i++) {
            if (kept[i].readPoll < kept[oldest].readPoll) {
                oldest = i;
            }
        }
        if (kept[oldest].readPoll >= poll - 1) {
            allReadLately = poll;
            return false;
        }
        drop(oldest);
        return true;
    }

    private void closeAll() {
        while (held > 0) {
            drop(held - 1);
        }
    }

    private void drop(int i) {
        ProcFile f = kept[i];
        closeQuietly(f.file);
        f.file = null;
        kept[i] = kept[--held];
        kept[held] = null;
    }

    /** One read from offset 0: procfs renders the whole file on the first read. */
    private int readFromStart(RandomAccessFile file) {
        try {
            file.seek(0);
            return file.read(buf, 0, buf.length);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing to do: the descriptor is released either way
        }
    }
}
