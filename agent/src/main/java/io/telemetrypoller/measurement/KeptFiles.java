package io.telemetrypoller.measurement;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads {@link ProcFile}s into one buffer, keeping a few descriptors open between polls: procfs renders
 * a file again on each read from offset 0, so a kept descriptor costs one {@code pread} where reopening
 * costs an {@code open}, a read and a {@code close} (a {@code schedstat} about 1 us against 5.4 us from Java,
 * docs/performance.md).
 *
 * <p>Descriptors are a resource of the host (and its count is reported by {@code system_counts}), so:
 * <ul>
 *   <li>only files that may be read every poll are kept ({@link ProcFile#keepable}), and one only once
 *       it is read in two polls in a row: every thread's {@code schedstat}, and the {@code stat} of a
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
 * Files are read through {@code RandomAccessFile} (a kept one with {@code seek} and {@code read}), not
 * {@code FileChannel}: at one poll a second this code runs cold and mostly interpreted, and there the
 * channel's read path (a temporary direct buffer, its copy, the blocking and thread-set bookkeeping)
 * costs more than the extra system calls it saves ({@code lseek}, and the {@code fstat} of an open):
 * 354 against 419-523 us for 20 kept and 6 reopened files, cold (docs/performance.md).
 *
 * <p>Thread rules: the poller thread reads; {@link #close} may come from another thread (a poller
 * closing, a watchdog removing a stuck measurement), so what changes the kept set is synchronized. A
 * read racing with {@code close} fails like the read of a vanished task.
 */
final class KeptFiles {
    static final int MAX = 64;
    static final int CHECK_POLLS = 16;

    private final byte[] buf;
    private final FdHeadroom headroom;
    private final ProcFile[] kept;
    private int held;
    private long poll;
    private long allReadLately = -1; // the poll in which every kept file was found read in the last two
    private long nextCheck;
    private boolean allowed;
    private boolean closed;

    KeptFiles(byte[] buf, FdHeadroom headroom, int max) {
        this.buf = buf;
        this.headroom = headroom;
        this.kept = new ProcFile[max];
    }

    /** Starts a poll: every {@value #CHECK_POLLS} polls (the first included), asks for headroom again. */
    void startPoll() {
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
    int read(ProcFile f) {
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
        try {
            file = new RandomAccessFile(f.path, "r");
        } catch (IOException | RuntimeException e) { // RuntimeException: a security manager
            return -1;
        }
        int n = readFromStart(file);
        if (n <= 0 || !again || !f.keepable || !keep(f, file)) {
            closeQuietly(file);
        }
        return n <= 0 ? -1 : n;
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
    synchronized void close() {
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
