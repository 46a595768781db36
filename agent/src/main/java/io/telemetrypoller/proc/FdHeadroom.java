package io.telemetrypoller.proc;

import java.io.File;

/**
 * The process's descriptors, from {@code /proc}: how many are open, its soft limit (both for
 * {@code system_counts} where the JDK has no Unix bean), and whether it has some to spare: its open descriptors (the entries of
 * {@code /proc/self/fd}) plus those asked for must stay within half its soft limit ("Max open files" of
 * {@code /proc/self/limits}). Half, because a host near its limit fails in ways that matter far more than
 * a cheaper measurement; and the open count is itself reported ({@code system_counts}). No when either is
 * unknown. Costs a read and a listing (about 25 us): ask rarely.
 */
public final class FdHeadroom {
    private static final byte[] MAX_OPEN_FILES = ProcFiles.ascii("Max open files");

    private final File fdDir;
    private final String limitsPath;
    private final byte[] buf = new byte[4096];

    public FdHeadroom(File procSelf) {
        this.fdDir = new File(procSelf, "fd");
        this.limitsPath = new File(procSelf, "limits").getPath();
    }

    /** True when {@code more} descriptors can be opened and the process stays within half its limit. */
    public boolean allows(int more) {
        long limit = softLimit();
        long open = limit < 0 ? -1 : openDescriptors();
        return open >= 0 && open + 1 + (long) more <= limit / 2; // + 1: the listing's own, to be safe
    }

    /** The process's open descriptors (the listing's own on the directory left out), or -1. */
    public long openDescriptors() {
        String[] fds = fdDir.list();
        return fds == null ? -1 : Math.max(0, fds.length - 1);
    }

    /** The soft "Max open files", or -1 (no file, or "unlimited"). */
    public long softLimit() {
        return ProcFiles.softLimit(limitsPath, MAX_OPEN_FILES, buf);
    }
}
