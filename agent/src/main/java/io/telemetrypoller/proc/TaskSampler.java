package io.telemetrypoller.proc;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Estimates, from {@code /proc/self/task}, how many of this process's threads waited for a core over the
 * last period and how many are in uninterruptible sleep ({@code D}) now, reading at most
 * {@value #BUDGET} tasks a poll.
 *
 * <p>Up to {@value #BUDGET} tasks every task is read. Above, the tasks are split in two strata, as
 * survey sampling does, so that a few busy threads among thousands of idle ones are not lost:
 * <ul>
 *   <li>hot: tasks whose last reading was runnable or blocked ({@code R}, {@code D}) or had waited at
 *       least {@value #HOT_RATE} of the time. All are read each poll (a random {@value #BUDGET}/2 of them
 *       if there are more), scaled by hot / read;</li>
 *   <li>cold: every other task; the rest of the budget goes to a random sample, scaled by cold / read.</li>
 * </ul>
 * The split only uses what earlier polls saw, so each stratum's estimate stays unbiased; it only lowers
 * the variance (uniform sampling of 256 of 10,000 threads, 6 of them busy, reports 0 most polls and
 * about 27 now and then).
 *
 * <p>The task list ({@link TaskList}): up to {@value #BUDGET} tasks it is listed again only when the
 * thread count ({@code Threads:} of {@code /proc/self/status}, read each poll) differs from it, or when a
 * task failed to read in the previous poll (a thread exited and another started between two polls leave
 * the count alone). Above, listing 10,000 tasks costs the kernel 6-12 ms, so the listing goes on across
 * polls, a slice of ceil(tasks / {@value #RELIST_POLLS}) entries a poll (at most {@value #MAX_LIST_STEP}):
 * a new list about every {@value #RELIST_POLLS} polls, each poll bounded. When the thread count moves away
 * from the list by more than a sixteenth, a new listing starts at once, at {@value #MAX_LIST_STEP}
 * entries a poll (so below that many tasks, the list is new in the same poll). Meanwhile tasks that
 * vanish fail to read and are forgotten, and new ones count through the cold scale (the thread count,
 * not the list, is the total).
 *
 * <p>Files are read through {@link KeptFiles} (a few descriptors kept open between polls) and
 * {@code stat} only when the state may have changed ({@link LinuxThread}).
 *
 * <p>Thread rules: one thread only; it keeps a reading per task between polls. {@link #close} may come
 * from another thread.
 */
public final class TaskSampler {
    public static final int BUDGET = 256;
    static final int RELIST_POLLS = 16;
    static final int MAX_LIST_STEP = 1_000;
    static final double HOT_RATE = 0.01;
    private static final byte[] THREADS = ProcFiles.ascii("Threads:");

    private final String taskPrefix;
    private final boolean linux; // /proc/self/task exists: it does not come and go
    private final TaskList list;
    private final KeptFiles files;
    private final ProcFile status;
    private final Random random;
    private final byte[] buf;
    private final Map<Integer, LinuxThread> seen = new HashMap<>();
    private final Set<LinuxThread> hotTasks = new HashSet<>(); // of seen, those whose last reading was hot
    private final List<LinuxThread> hot = new ArrayList<>(); // this poll's copy of hotTasks, to draw from
    private boolean vanished; // a task failed to read in the last poll
    private boolean fastListing; // listing anew at MAX_LIST_STEP since the count moved
    private long poll;

    /** Estimated threads waiting for a core over the period, after {@link #sample}. */
    private double waiting;
    /** Estimated threads in uninterruptible sleep now, after {@link #sample}. */
    private double blocked;

    /** Estimated threads waiting for a core over the period, after {@link #sample}. */
    public double waiting() {
        return waiting;
    }

    /** Estimated threads in uninterruptible sleep now, after {@link #sample}. */
    public double blocked() {
        return blocked;
    }

    public TaskSampler(File procSelf, Random random) {
        File taskDir = new File(procSelf, "task");
        this.taskPrefix = taskDir.getPath() + File.separator;
        this.linux = taskDir.isDirectory();
        this.list = new TaskList(taskDir.toPath());
        this.buf = new byte[4096];
        this.files = new KeptFiles(buf, new FdHeadroom(procSelf), KeptFiles.MAX);
        this.status = new ProcFile(new File(procSelf, "status").getPath());
        this.random = random;
    }

    /** Reads the tasks at time {@code nowNs}; false when there is no {@code /proc/self/task}. */
    public boolean sample(long nowNs) {
        if (!linux) {
            return false;
        }
        poll++;
        files.startPoll();
        int live = refresh();
        if (live < 0) {
            return false;
        }
        estimate(live, nowNs);
        return true;
    }

    /** Closes the descriptors kept between polls. */
    public void close() {
        files.close();
        list.close();
    }

    /** For tests: tasks with a reading kept from an earlier poll. */
    public int tracked() {
        return seen.size();
    }

    /** For tests: descriptors kept open between polls (the directory's included). */
    public int keptDescriptors() {
        return files.held() + (list.listing() ? 1 : 0);
    }

    /** Brings the task list up to date as far as this poll goes; the number of tasks, -1 if never listed. */
    private int refresh() {
        long threads = numThreads();
        int size = list.size();
        try {
            if (size <= BUDGET) {
                if (size < 0 || threads != size || vanished) {
                    list.listAll();
                    forgetUnlisted();
                    vanished = false;
                }
            } else {
                boolean moved = threads < 0 || Math.abs(threads - size) * 16 > size;
                if (moved && !fastListing) {
                    list.restart(); // the listing in progress may have passed the new threads
                    fastListing = true;
                }
                int step = fastListing ? MAX_LIST_STEP
                        : Math.min(MAX_LIST_STEP, (size + RELIST_POLLS - 1) / RELIST_POLLS);
                if (list.step(step)) {
                    forgetUnlisted();
                    fastListing = false;
                }
                vanished = false; // not a reason to list: failed tasks are forgotten, listings go on anyway
            }
        } catch (IOException e) {
            if (list.size() < 0) {
                return -1; // never listed (out of descriptors?): the fallback this poll
            }
            // otherwise go on with the last list, and try again next poll
        }
        return threads >= 0 && list.size() > BUDGET ? (int) threads : list.size();
    }

    private void estimate(int live, long nowNs) {
        waiting = 0;
        blocked = 0;
        int listed = list.size();
        if (listed <= BUDGET) {
            Stratum all = new Stratum();
            for (int i = 0; i < listed; i++) {
                all.read(task(list.tid(i)), nowNs);
            }
            add(all, 1);
            return;
        }

        hot.clear();
        for (LinuxThread t : hotTasks) { // not a walk over every task seen: 10,000 of them take 0.1 ms
            hot.add(t);
        }
        int hotToRead = Math.min(hot.size(), BUDGET / 2);
        Stratum hotRead = new Stratum();
        for (int i = 0; i < hotToRead; i++) {
            int j = hotToRead == hot.size() ? i : i + random.nextInt(hot.size() - i);
            LinuxThread t = hot.get(j);
            hot.set(j, hot.get(i));
            hot.set(i, t);
            hotRead.read(t, nowNs);
        }
        int hotLeft = hot.size() - hotRead.failed;
        add(hotRead, hotRead.ok == 0 ? 0 : (double) hotLeft / hotRead.ok);

        Stratum coldRead = new Stratum();
        int coldToRead = BUDGET - hotToRead;
        for (int i = 0; i < listed && coldRead.ok + coldRead.failed < coldToRead; i++) {
            int tid = list.pick(i, random);
            LinuxThread t = seen.get(tid);
            if (t == null || (!t.hot && t.readPoll != poll)) {
                coldRead.read(t == null ? task(tid) : t, nowNs);
            }
        }
        add(coldRead, coldRead.ok == 0 ? 0 : (double) Math.max(0, live - hotLeft) / coldRead.ok);
    }

    /**
     * "Threads:" of /proc/self/status, -1 if unreadable. Not /proc/self/stat: the kernel sums over every
     * thread for it, 0.6 ms at 10,000.
     */
    private long numThreads() {
        int len = files.read(status);
        int at = len < 0 ? -1 : ProcFiles.afterKey(buf, len, THREADS);
        return at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
    }

    /** After a complete listing: forgets the tasks it no longer holds, closing their descriptors. */
    private void forgetUnlisted() {
        for (Iterator<LinuxThread> it = seen.values().iterator(); it.hasNext(); ) {
            LinuxThread t = it.next();
            if (!list.contains(t.tid)) {
                forget(t);
                it.remove();
            }
        }
    }

    /** The task has exited: closes its kept descriptors; the caller removes it from {@link #seen}. */
    private void forget(LinuxThread t) {
        t.release(files);
        if (t.inHotTasks) {
            hotTasks.remove(t);
        }
    }

    private void add(Stratum s, double scale) {
        waiting += s.waiting * scale;
        blocked += s.blocked * scale;
    }

    private LinuxThread task(int tid) {
        LinuxThread task = seen.get(tid);
        if (task == null) {
            task = new LinuxThread(tid, taskPrefix + tid);
            seen.put(tid, task);
        }
        return task;
    }

    /** Sums over the tasks read from one stratum in one poll. */
    private final class Stratum {
        int ok;
        int failed;
        double waiting;
        int blocked;

        void read(LinuxThread t, long now) {
            t.readPoll = poll;
            if (!t.read(now, files, buf)) {
                failed++;
                seen.remove(t.tid); // it exited
                forget(t);
                vanished = true;
                return;
            }
            if (t.hot != t.inHotTasks) { // most reads change nothing: no hashing then
                t.inHotTasks = t.hot;
                if (t.hot) {
                    hotTasks.add(t);
                } else {
                    hotTasks.remove(t);
                }
            }
            ok++;
            waiting += t.rate;
            if (t.state == 'D') {
                blocked++;
            }
        }
    }
}
