package io.telemetrypoller.proc;

/**
 * One thread's {@code schedstat} and {@code stat} and its last reading, for {@link TaskSampler}.
 *
 * <p>{@code stat} (for the state) is read only when the thread may have changed state since the last
 * reading: on a first sighting, when the last state was runnable or blocked ({@code R}, {@code D}), or
 * when {@code schedstat} moved (time on a CPU, wait, time slices). A thread asleep since the last reading
 * cannot have entered {@code D}: it would have had to run, which moves {@code schedstat}. So the
 * {@code D} count stays exact; the only reading lost is a sleeper woken and queued but not yet run, whose
 * state stays {@code S} until it runs: its wait is counted all the same (when it runs, from
 * {@code schedstat}), only its place among the hot tasks comes a poll later. Where the kernel keeps no
 * scheduler statistics ({@code schedstat} reads {@code 0 0 0}) {@code stat} is read every time.
 *
 * <p>Thread rules: poller thread only.
 */
final class LinuxThread {
    final int tid;
    private final ProcFile schedstat;
    private final ProcFile stat;
    private long runNs = -1; // -1: never read
    private long runDelayNs = -1;
    private long slices = -1;
    private long readAtNs;
    /** The sampler's poll of the last attempt to read this task. */
    long readPoll;
    /** Share of the time since the previous reading spent waiting for a core; 0 on a first sighting. */
    double rate;
    /** The state letter of {@code stat}: R, S, D... */
    byte state;
    /** Runnable, blocked or waiting at least {@link TaskSampler#HOT_RATE} at the last reading. */
    boolean hot;
    /** Whether the sampler holds it among its hot tasks. */
    boolean inHotTasks;

    LinuxThread(int tid, String dir) {
        this.tid = tid;
        this.schedstat = new ProcFile(dir + "/schedstat");
        this.stat = new ProcFile(dir + "/stat"); // read only when the thread ran; kept once read in two polls in a row
    }

    /**
     * Reads the run-queue wait (schedstat's 2nd field, ns) and, when it may have changed, the state;
     * {@link #rate} becomes the share of the time since the last reading spent waiting, 0 the first time.
     * False if the task is gone.
     */
    boolean read(long now, KeptFiles files, byte[] buf) {
        int len = files.read(schedstat);
        // "ns on a CPU, ns waiting on a run queue, time slices"
        long run = len < 0 ? -1 : ProcFiles.parseLong(buf, 0, len);
        int at = run < 0 ? -1 : ProcFiles.field(buf, len, 1);
        long runDelay = at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
        at = runDelay < 0 ? -1 : ProcFiles.field(buf, len, 2);
        long count = at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
        if (count < 0) {
            return false;
        }
        boolean idle = run > 0 && run == runNs && runDelay == runDelayNs && count == slices
                && state != 'R' && state != 'D';
        if (!idle) {
            len = files.read(stat);
            // "tid (comm) S ...": comm may hold spaces and ')', so the state follows the last ')'
            int close = len < 0 ? -1 : ProcFiles.lastIndexOf(buf, len, (byte) ')');
            if (close < 0 || close + 2 >= len) {
                return false;
            }
            state = buf[close + 2];
        }
        long prevDelay = runDelayNs;
        long prevAt = readAtNs;
        runNs = run;
        runDelayNs = runDelay;
        slices = count;
        readAtNs = now;
        // a smaller wait than before is a new thread reusing the tid: a first sighting
        rate = prevDelay < 0 || runDelay < prevDelay || now <= prevAt
                ? 0 : (double) (runDelay - prevDelay) / (now - prevAt);
        hot = rate >= TaskSampler.HOT_RATE || state == 'R' || state == 'D';
        return true;
    }

    /** Closes the descriptors kept for this task: it has exited. */
    void release(KeptFiles files) {
        files.release(schedstat);
        files.release(stat);
    }
}
