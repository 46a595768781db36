package io.telemetrypoller.sink;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A stream opened at the first write: the process's stdout or stderr, or any stream (tests). */
public final class StreamTarget implements LineTarget {
    /** Opens the stream the lines go to. */
    public interface Opener {
        OutputStream open() throws IOException;
    }

    private final Opener opener;
    private final boolean closeable;
    private OutputStream stream;

    /** A stream of the sink's own: closed after a failed write (reopened at the next) and at close. */
    public StreamTarget(Opener opener) {
        this(opener, true);
    }

    private StreamTarget(Opener opener, boolean closeable) {
        this.opener = opener;
        this.closeable = closeable;
    }

    /** The process's standard output (its file descriptor, not {@code System.out}, which the host may replace). */
    public static StreamTarget stdout() {
        return new StreamTarget(() -> new FileOutputStream(FileDescriptor.out), false);
    }

    public static StreamTarget stderr() {
        return new StreamTarget(() -> new FileOutputStream(FileDescriptor.err), false);
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
        try {
            if (stream == null) {
                stream = opener.open();
            }
            stream.write(bytes, 0, length);
            stream.flush();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Closes a stream of the sink's own. The process's stdout and stderr are never closed: closing a
     * {@code FileOutputStream} on descriptor 1 or 2 would close (or, on newer JDKs, point at /dev/null)
     * the host's own output.
     */
    @Override
    public void close() {
        OutputStream s = stream;
        if (s == null || !closeable) {
            return;
        }
        stream = null;
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
