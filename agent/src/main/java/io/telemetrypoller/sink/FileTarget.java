package io.telemetrypoller.sink;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file of the sink's own, appended to. Opened at the first write (created if missing; its directory is
 * not). A failed write (EFBIG, ENOSPC) is cut back off the file, so it always ends on a whole line.
 *
 * <p>Rotation: at most once a second, before a write, the path is looked up again; if it now names
 * another file than the one open (moved away and recreated, logrotate's {@code create}) or none (moved
 * or removed), the open file is closed and the path opened (created) anew, as {@code tail -F} follows
 * it. A file truncated in place ({@code copytruncate}) needs nothing: appends go to its new end.
 */
public final class FileTarget implements LineTarget {
    static final long ROTATION_CHECK_NANOS = 1_000_000_000L;
    /** The open file's identity could not be read: the next check reopens the path. */
    private static final Object UNKNOWN = new Object();

    private final String path;
    private final long checkNanos;
    private FileOutputStream stream;
    private Object openKey;     // the open file's identity (device and inode), null if unknown
    private long nextCheck;

    public FileTarget(String path) {
        this(path, ROTATION_CHECK_NANOS);
    }

    /** @param checkNanos how long the path is not looked up again after a look (0: before every write) */
    FileTarget(String path, long checkNanos) {
        this.path = path;
        this.checkNanos = checkNanos;
    }

    @Override
    public String refusal() {
        String refusal = FileCheck.refusal(path);
        return refusal == null ? null : refusal + "; sink=file: takes a regular file";
    }

    /**
     * Opens the file now (it is regular or missing: {@link #refusal} said so, so the open does not wait for
     * a reader), so that a name too long or a missing or read-only directory is known at the start.
     */
    @Override
    public String openFailure() {
        try {
            if (stream == null) {
                open();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            close();
            return "cannot open it (" + reason(e) + ")";
        }
    }

    /** FileOutputStream says "PATH (reason)": the reason alone, the path is named by the caller. */
    private String reason(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (m.startsWith(path + " (") && m.endsWith(")")) {
            return m.substring(path.length() + 2, m.length() - 1);
        }
        return m;
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
        if (stream != null && System.nanoTime() - nextCheck >= 0 && rotated()) {
            close();
        }
        if (stream == null) {
            open();
        }
        long sizeBefore = size();
        try {
            stream.write(bytes, 0, length);
        } catch (IOException | RuntimeException e) {
            cutBackTo(sizeBefore);
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        String refusal = FileCheck.refusal(path); // the path may have become a FIFO since the start
        if (refusal != null) {
            throw new IOException(refusal);
        }
        stream = new FileOutputStream(path, true);
        try {
            openKey = keyOf(Paths.get(path));
        } catch (IOException | RuntimeException e) {
            openKey = UNKNOWN; // removed again at once?
        }
        nextCheck = System.nanoTime() + checkNanos;
    }

    /** Whether the path now names another file than the open one, or none. */
    private boolean rotated() {
        nextCheck = System.nanoTime() + checkNanos;
        if (openKey == null) {
            return false;
        }
        try {
            return !openKey.equals(keyOf(Paths.get(path)));
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell (a directory turned unreadable): keep writing where we are
        }
    }

    private static Object keyOf(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    private long size() {
        try {
            return stream.getChannel().size();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** After a partial write, removes the partial batch so the file ends on a whole line. */
    private void cutBackTo(long size) {
        if (size >= 0) {
            try {
                stream.getChannel().truncate(size);
            } catch (IOException | RuntimeException ignored) {
                // best effort: the disk is in trouble already
            }
        }
    }

    @Override
    public void close() {
        FileOutputStream s = stream;
        stream = null;
        openKey = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
