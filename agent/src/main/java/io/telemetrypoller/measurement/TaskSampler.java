package io.telemetrypoller.measurement;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
 * about 27 now and then). Listing 10,000 tasks costs the kernel about 16 ms, so above the budget the
 * list is refreshed only every {@value #RELIST_POLLS} polls, or sooner when the thread count (read from
 * {@code /proc/self/status}) moves by more than a sixteenth; between listings tasks that vanish fail to
 * read and are forgotten, and new ones count through the cold scale.
 *
 * <p>Files are read through {@link KeptFiles} (a few descriptors kept open between polls) and a task's
 * {@code stat} only when its state may have changed ({@link Task}).
 *
 * <p>Thread rules: one thread only; it keeps a reading per task between polls. {@link #close} may come
 * from another thread.
 */
final class TaskSampler {
    static final int BUDGET = 256;
    static final int RELIST_POLLS = 16;
    static final double HOT_RATE = 0.01;
    private static final byte[] THREADS = ProcFiles.ascii("Threads:");

    private final File taskDir;
    private final String taskPrefix;
    private final String selfStatusPath;
    private final Random random;
    private final byte[] buf = new byte[4096];
    private final KeptFiles files;
    private final Map<Integer, Task> seen = new HashMap<>();
    private final List<Task> hot = new ArrayList<>();
    private int[] tids = new int[64];
    private int listed = -1;
    private int pollsSinceListing;
    private long poll;

    /** Estimated threads waiting for a core over the period, after {@link #sample}. */
    double waiting;
    /** Estimated threads in uninterruptible sleep now, after {@link #sample}. */
    double blocked;

    TaskSampler(File procSelf, Random random) {
        this.taskDir = new File(procSelf, "task");
        this.taskPrefix = taskDir.getPath() + File.separator;
        this.selfStatusPath = new File(procSelf, "status").getPath();
        this.random = random;
        this.files = new KeptFiles(buf, new FdHeadroom(procSelf), KeptFiles.MAX);
    }

    /** Reads the tasks at time {@code nowNs}; false when there is no {@code /proc/self/task}. */
    boolean sample(long nowNs) {
        poll++;
        files.startPoll();
        try {
            return sample(liveTasks(), nowNs);
        } finally {
            files.endPoll();
        }
    }

    private boolean sample(int live, long nowNs) {
        if (live < 0) {
            if (!relist()) {
                return false;
            }
            live = listed;
        }
        waiting = 0;
        blocked = 0;
        if (listed <= BUDGET) {
            Stratum all = new Stratum();
            for (int i = 0; i < listed; i++) {
                all.read(task(tids[i]), nowNs);
            }
            add(all, 1);
            return true;
        }

        hot.clear();
        for (Task t : seen.values()) {
            if (t.hot) {
                hot.add(t);
            }
        }
        int hotToRead = Math.min(hot.size(), BUDGET / 2);
        Stratum hotRead = new Stratum();
        for (int i = 0; i < hotToRead; i++) {
            int j = hotToRead == hot.size() ? i : i + random.nextInt(hot.size() - i);
            Task t = hot.get(j);
            hot.set(j, hot.get(i));
            hot.set(i, t);
            hotRead.read(t, nowNs);
        }
        int hotLeft = hot.size() - hotRead.failed;
        add(hotRead, hotRead.ok == 0 ? 0 : (double) hotLeft / hotRead.ok);

        Stratum coldRead = new Stratum();
        int coldToRead = BUDGET - hotToRead;
        for (int i = 0; i < listed && coldRead.ok + coldRead.failed < coldToRead; i++) {
            int j = i + random.nextInt(listed - i); // partial Fisher-Yates: distinct tasks
            int tid = tids[j];
            tids[j] = tids[i];
            tids[i] = tid;
            Task t = seen.get(tid);
            if (t == null || (!t.hot && t.readPoll != poll)) {
                coldRead.read(t == null ? task(tid) : t, nowNs);
            }
        }
        add(coldRead, coldRead.ok == 0 ? 0 : (double) Math.max(0, live - hotLeft) / coldRead.ok);
        return true;
    }

    /** Closes the descriptors kept between polls. */
    void close() {
        files.close();
    }

    /** For tests: tasks with a reading kept from an earlier poll. */
    int tracked() {
        return seen.size();
    }

    /** For tests: descriptors kept open between polls. */
    int keptDescriptors() {
        return files.held();
    }

    /**
     * The number of tasks now, or -1 when the list must be refreshed first: it is small (listing is cheap),
     * {@value #RELIST_POLLS} polls old, or off by more than a sixteenth.
     */
    private int liveTasks() {
        if (listed <= BUDGET || ++pollsSinceListing >= RELIST_POLLS) {
            return -1;
        }
        long threads = numThreads();
        if (threads < 0 || Math.abs(threads - listed) * 16 > listed) {
            return -1;
        }
        return (int) threads;
    }

    /**
     * "Threads:" of /proc/self/status, -1 if unreadable. Not /proc/self/stat: the kernel sums over every
     * thread for it, 0.6 ms at 10,000.
     */
    private long numThreads() {
        int len = ProcFiles.read(selfStatusPath, buf);
        int at = len < 0 ? -1 : ProcFiles.afterKey(buf, len, THREADS);
        return at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
    }

    /** Lists the tasks into {@link #tids}, sorted, and forgets the readings of vanished ones. */
    private boolean relist() {
        String[] names = taskDir.list();
        if (names == null) {
            return false;
        }
        if (tids.length < names.length) {
            tids = new int[names.length + names.length / 4];
        }
        int n = 0;
        for (String name : names) {
            int tid = parseTid(name);
            if (tid >= 0) {
                tids[n++] = tid;
            }
        }
        Arrays.sort(tids, 0, n);
        for (Iterator<Task> it = seen.values().iterator(); it.hasNext(); ) {
            Task t = it.next();
            if (Arrays.binarySearch(tids, 0, n, t.tid) < 0) {
                t.release(files);
                it.remove();
            }
        }
        listed = n;
        pollsSinceListing = 0;
        return true;
    }

    private void add(Stratum s, double scale) {
        waiting += s.waiting * scale;
        blocked += s.blocked * scale;
    }

    private Task task(int tid) {
        Task task = seen.get(tid);
        if (task == null) {
            task = new Task(tid, taskPrefix + tid);
            seen.put(tid, task);
        }
        return task;
    }

    private static int parseTid(String name) {
        if (name.isEmpty() || name.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Sums over the tasks read from one stratum in one poll. */
    private final class Stratum {
        int ok;
        int failed;
        double waiting;
        int blocked;

        void read(Task t, long now) {
            t.readPoll = poll;
            if (!t.read(now, files, buf)) {
                failed++;
                seen.remove(t.tid); // it exited
                t.release(files);
                return;
            }
            ok++;
            waiting += t.rate;
            if (t.state == 'D') {
                blocked++;
            }
        }
    }
}
