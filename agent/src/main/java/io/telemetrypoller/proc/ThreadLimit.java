package io.telemetrypoller.proc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The number of threads this process can have at most, as {@code fd_limit} is for descriptors: the
 * smallest of the soft "Max processes" of {@code /proc/self/limits} (RLIMIT_NPROC, which counts every
 * thread of the user), the kernel's {@code /proc/sys/kernel/threads-max}, and the {@code pids.max} of
 * the pids cgroup the process is in and of each cgroup above it (v1's pids controller or v2's unified
 * hierarchy). A limit that is {@code unlimited}/{@code max}, or a file that is absent, does not count;
 * -1 when none counts.
 *
 * <p>Limits change rarely, so they are read at the first call and again every {@link #REREAD_EVERY}
 * calls (about 1.5 us a poll amortised, docs/performance.md); the cgroup's directories are found once.
 */
public final class ThreadLimit {
    static final int REREAD_EVERY = 16;
    private static final byte[] MAX_PROCESSES = ProcFiles.ascii("Max processes");

    private final String limitsPath;
    private final String threadsMaxPath;
    private final List<String> pidsMaxPaths;
    private final byte[] buf = new byte[4096];
    private long limit = -1;
    private int calls;

    public ThreadLimit() {
        this(new File("/proc/self"), new File("/proc/sys/kernel/threads-max"), null);
    }

    /** For tests: a directory standing for {@code /proc/self}, the threads-max file, the pids cgroup's directory (or null: found from procSelf). */
    ThreadLimit(File procSelf, File threadsMax, File pidsDir) {
        this.limitsPath = new File(procSelf, "limits").getPath();
        this.threadsMaxPath = threadsMax.getPath();
        this.pidsMaxPaths = pidsMaxPaths(pidsDir != null ? pidsDir : pidsDir(procSelf));
    }

    /** For tests: every source under a directory standing for {@code /proc/self} ({@code threads-max} beside {@code limits}). */
    public static ThreadLimit underTestRoot(File procSelf) {
        return new ThreadLimit(procSelf, new File(procSelf, "threads-max"), null);
    }

    /** The limit, or -1 if none is known. */
    public long get() {
        if (calls++ % REREAD_EVERY == 0) {
            limit = read();
        }
        return limit;
    }

    private long read() {
        long smallest = ProcFiles.softLimit(limitsPath, MAX_PROCESSES, buf);
        smallest = smaller(smallest, number(threadsMaxPath));
        for (String p : pidsMaxPaths) {
            smallest = smaller(smallest, number(p));
        }
        return smallest;
    }

    private static long smaller(long a, long b) {
        if (b <= 0) {
            return a;
        }
        return a <= 0 ? b : Math.min(a, b);
    }

    /** The file's first number, or -1 ("max", "unlimited", absent, garbage). */
    private long number(String path) {
        int len = ProcFiles.read(path, buf);
        return len <= 0 ? -1 : ProcFiles.parseLong(buf, 0, len);
    }

    /** The pids cgroup's directory of this process (v1 pids controller, else v2), or null. */
    private static File pidsDir(File procSelf) {
        try {
            java.util.Map<String, String> dirs = CgroupDirs.of(procSelf);
            String dir = dirs.containsKey("pids") ? dirs.get("pids") : dirs.get(CgroupDirs.UNIFIED);
            return dir == null ? null : new File(dir);
        } catch (IOException | RuntimeException e) {
            return null; // no cgroup (not Linux, no /proc): the other limits still count
        }
    }

    /** pids.max of the directory and of each one above it that has one (a parent's limit binds too). */
    private static List<String> pidsMaxPaths(File dir) {
        List<String> paths = new ArrayList<>();
        for (File d = dir; d != null; d = d.getParentFile()) {
            File max = new File(d, "pids.max");
            if (!max.isFile()) {
                break; // the hierarchy's root cgroup has none: nothing above it counts
            }
            paths.add(max.getPath());
        }
        return paths;
    }
}
