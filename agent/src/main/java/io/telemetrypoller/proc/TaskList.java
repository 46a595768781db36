package io.telemetrypoller.proc;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

/**
 * The thread ids of {@code /proc/self/task}, listed all at once ({@link #listAll}) or a slice a poll
 * ({@link #step}) over a directory stream kept open between polls: the kernel resumes a task listing
 * from the last task it returned, and takes about 1 us a task, so 10,000 tasks listed at once would cost
 * one poll 6-12 ms. The tids of the last complete listing stay in use until the next one completes.
 *
 * <p>Thread rules: the poller thread lists; {@link #close} may come from another thread, after which
 * no stream is opened.
 */
final class TaskList {
    private final Path dir;
    private int[] tids = new int[64];
    private int size = -1; // -1: never listed
    private boolean sorted;
    private int[] next = new int[64];
    private int found;
    private DirectoryStream<Path> stream; // the listing in progress, or null
    private Iterator<Path> entries;
    private boolean closed;

    TaskList(Path dir) {
        this.dir = dir;
    }

    /** Tasks in the last complete listing; -1 before the first. */
    int size() {
        return size;
    }

    int tid(int i) {
        return tids[i];
    }

    /**
     * A random tid among positions {@code [i, size)}, moved to position {@code i}: successive calls with
     * i = 0, 1, 2... draw distinct tasks (a partial Fisher-Yates shuffle).
     */
    int pick(int i, Random random) {
        int j = i + random.nextInt(size - i);
        int tid = tids[j];
        tids[j] = tids[i];
        tids[i] = tid;
        sorted = false;
        return tid;
    }

    /** Whether the last listing holds {@code tid}; only right after it completed, before any {@link #pick}. */
    boolean contains(int tid) {
        if (!sorted) {
            throw new IllegalStateException("the tids were shuffled since the listing");
        }
        return Arrays.binarySearch(tids, 0, size, tid) >= 0;
    }

    /** Lists every task now, dropping any listing in progress. */
    void listAll() throws IOException {
        abandon();
        step(Integer.MAX_VALUE);
    }

    /**
     * Reads up to {@code max} more entries of the listing in progress, starting one if there is none; true
     * when that completed the listing, whose tids then replace the last ones (sorted, without duplicates:
     * tasks exiting during a listing may make the kernel return one twice). On an error the listing is
     * dropped and the last tids stay.
     */
    boolean step(int max) throws IOException {
        Iterator<Path> it = stream == null ? open() : entries;
        try {
            for (int n = 0; n < max; n++) {
                if (!it.hasNext()) { // also when close() closed the stream meanwhile: finish() sees that
                    return finish();
                }
                int tid = parseTid(it.next().toString());
                if (tid >= 0) {
                    add(tid);
                }
            }
            return false;
        } catch (DirectoryIteratorException e) {
            abandon();
            throw e.getCause();
        }
    }

    /** Drops the listing in progress, if any: the next {@link #step} starts a new one. */
    void restart() {
        abandon();
    }

    /** Closes the listing in progress; none is opened from then on. Idempotent. */
    synchronized void close() {
        closed = true;
        abandon();
    }

    /** For tests: whether a listing is in progress, holding a descriptor on the directory. */
    synchronized boolean listing() {
        return stream != null;
    }

    private synchronized Iterator<Path> open() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        stream = Files.newDirectoryStream(dir);
        entries = stream.iterator();
        found = 0;
        return entries;
    }

    private synchronized boolean finish() {
        if (closed) {
            return false; // the stream was closed under us: the listing is not complete
        }
        abandon();
        Arrays.sort(next, 0, found);
        int n = 0;
        for (int i = 0; i < found; i++) {
            if (n == 0 || next[i] != next[n - 1]) {
                next[n++] = next[i];
            }
        }
        int[] old = tids;
        tids = next;
        size = n;
        sorted = true;
        next = old;
        return true;
    }

    private synchronized void abandon() {
        DirectoryStream<Path> s = stream;
        stream = null;
        entries = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // the descriptor is released either way
            }
        }
    }

    private void add(int tid) {
        if (found == next.length) {
            next = Arrays.copyOf(next, found * 2);
        }
        next[found++] = tid;
    }

    /** The tid that ends an entry's path ("/proc/self/task/1234"), or -1 if it is not a number. */
    static int parseTid(String path) {
        int start = path.lastIndexOf('/') + 1;
        int end = path.length();
        if (start == end || end - start > 9) {
            return -1;
        }
        int v = 0;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
