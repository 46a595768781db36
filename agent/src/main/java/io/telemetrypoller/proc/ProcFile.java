package io.telemetrypoller.proc;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A {@code /proc} file read again and again: its path, built once, and the descriptor {@link KeptFiles}
 * may keep open for it. Poller thread only, but for {@link #file}, which {@link KeptFiles#close} may
 * clear from another thread.
 */
public final class ProcFile {
    final Path path;
    /** The kept descriptor, or null: guarded by the {@link KeptFiles} that set it. */
    RandomAccessFile file;
    /** The poll of the last read, -1 before the first. */
    long readPoll = -1;

    public ProcFile(String path) {
        this.path = Paths.get(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
