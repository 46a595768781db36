package io.telemetrypoller.measurement;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A {@code /proc} file read again and again: its path, built once, and the descriptor {@link KeptFiles}
 * keeps open for it while it is read every poll. Poller thread only, but for {@link #channel}, which
 * {@link KeptFiles#close} may clear from another thread.
 */
final class ProcFile {
    final Path path;
    /** The kept descriptor, or null: guarded by the {@link KeptFiles} that set it. */
    FileChannel channel;
    /** The poll of the last read, -1 before the first. */
    long readPoll = -1;

    ProcFile(String path) {
        this.path = Paths.get(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
