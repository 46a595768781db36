package io.telemetrypoller.proc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A fake {@code /proc/self} with {@code task/TID/stat} and {@code task/TID/schedstat} as Linux writes them. */
public final class FakeProc {
    public final File self;

    public FakeProc(File dir) {
        this.self = dir;
        new File(dir, "task").mkdirs();
    }

    /** Writes (or rewrites) one task: its name, state letter and nanoseconds waited on a run queue. */
    public FakeProc task(int tid, String comm, char state, long runDelayNs) {
        return task(tid, comm, state, 31_228_207, runDelayNs, 80);
    }

    /** The same with schedstat's other fields: nanoseconds on a CPU and time slices. */
    public FakeProc task(int tid, String comm, char state, long runNs, long runDelayNs, long slices) {
        File dir = new File(self, "task/" + tid);
        dir.mkdirs();
        write(new File(dir, "stat"), tid + " (" + comm + ") " + state
                + " 1 4700 4700 0 -1 4194368 1391 0 0 0 3 1 0 0 20 0 24 0 30841 5124096 968\n");
        write(new File(dir, "schedstat"), runNs + " " + runDelayNs + " " + slices + "\n");
        return this;
    }

    /** Writes {@code status} with its "Threads:" line, as the sampler reads the count each poll. */
    public FakeProc threads(int count) {
        write(new File(self, "status"), "Name:\tjava\nState:\tS (sleeping)\nVmRSS:\t   60416 kB\nThreads:\t"
                + count + "\nSigQ:\t0/63431\n");
        return this;
    }

    /** Writes {@code limits} with the soft "Max open files", as Linux formats it. */
    public FakeProc fdLimit(long soft) {
        write(new File(self, "limits"),
                "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + String.format("Max open files            %-20d 1048576              files     %n", soft)
                + "Max locked memory         8388608              8388608              bytes     \n");
        return this;
    }

    /** Makes {@code fd} hold {@code count} entries, the process's open descriptors. */
    public FakeProc openFds(int count) {
        File fd = new File(self, "fd");
        fd.mkdirs();
        File[] old = fd.listFiles();
        for (File f : old) {
            f.delete();
        }
        for (int i = 0; i < count; i++) {
            write(new File(fd, Integer.toString(i)), "");
        }
        return this;
    }

    /**
     * Removes a task. The files are emptied first: a descriptor kept on a real exited task's file fails
     * to read (ESRCH), where one on a deleted regular file would still read the old content.
     */
    public FakeProc remove(int tid) {
        File dir = new File(self, "task/" + tid);
        File stat = new File(dir, "stat");
        File schedstat = new File(dir, "schedstat");
        if (stat.exists()) {
            write(stat, "");
        }
        if (schedstat.exists()) {
            write(schedstat, "");
        }
        stat.delete();
        schedstat.delete();
        dir.delete();
        return this;
    }

    /**
     * This JVM's descriptors open on files under the fake {@code /proc/self} (Linux: the targets of
     * {@code /proc/self/fd}), as paths relative to it, a deleted file's marked " (deleted)".
     */
    public List<String> descriptorsOpenHere() {
        String root;
        try {
            root = self.getCanonicalPath() + File.separator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> open = new ArrayList<>();
        File[] fds = new File("/proc/self/fd").listFiles();
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                String target = Files.readSymbolicLink(fd.toPath()).toString();
                if (target.startsWith(root)) {
                    open.add(target.substring(root.length()));
                }
            } catch (IOException e) {
                // the listing's own descriptor, closed by now
            }
        }
        return open;
    }

    private static void write(File f, String content) {
        try {
            Files.write(f.toPath(), content.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
