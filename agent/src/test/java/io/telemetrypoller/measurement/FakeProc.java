package io.telemetrypoller.measurement;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** A fake {@code /proc/self} with {@code task/TID/stat} and {@code task/TID/schedstat} as Linux writes them. */
final class FakeProc {
    final File self;

    FakeProc(File dir) {
        this.self = dir;
        new File(dir, "task").mkdirs();
    }

    /** Writes (or rewrites) one task: its name, state letter and nanoseconds waited on a run queue. */
    FakeProc task(int tid, String comm, char state, long runDelayNs) {
        return task(tid, comm, state, 31_228_207, runDelayNs, 80);
    }

    /** The same with schedstat's other fields: nanoseconds on a CPU and time slices. */
    FakeProc task(int tid, String comm, char state, long runNs, long runDelayNs, long slices) {
        File dir = new File(self, "task/" + tid);
        dir.mkdirs();
        write(new File(dir, "stat"), tid + " (" + comm + ") " + state
                + " 1 4700 4700 0 -1 4194368 1391 0 0 0 3 1 0 0 20 0 24 0 30841 5124096 968\n");
        write(new File(dir, "schedstat"), runNs + " " + runDelayNs + " " + slices + "\n");
        return this;
    }

    /** Writes {@code status} with its "Threads:" line, as the sampler reads the count between listings. */
    FakeProc threads(int count) {
        write(new File(self, "status"), "Name:\tjava\nState:\tS (sleeping)\nVmRSS:\t   60416 kB\nThreads:\t"
                + count + "\nSigQ:\t0/63431\n");
        return this;
    }

    FakeProc remove(int tid) {
        File dir = new File(self, "task/" + tid);
        new File(dir, "stat").delete();
        new File(dir, "schedstat").delete();
        dir.delete();
        return this;
    }

    private static void write(File f, String content) {
        try {
            Files.write(f.toPath(), content.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
