package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code thread_states}: the live platform threads by {@link Thread.State}, all of them and the daemon
 * ones (the OpenTelemetry conventions' jvm.thread.count by jvm.thread.state and jvm.thread.daemon):
 *
 * <pre>{@code
 * [vm, thread_states] {runnable=5, blocked=0, waiting=9, timed_waiting=8,
 *                      daemon_runnable=3, daemon_blocked=0, daemon_waiting=7, daemon_timed_waiting=8} {}
 * }</pre>
 *
 * <p>Read from the threads themselves ({@code ThreadGroup.enumerate} of the root group, then each
 * {@link Thread#getState} and {@link Thread#isDaemon}: fields the JVM keeps), not from
 * {@code ThreadMXBean.getThreadInfo}: with a depth of 0 neither stops the world, but getThreadInfo builds a
 * ThreadInfo per thread, 14-17 ms at 10,000 threads against 0.24-0.7 ms here (docs/performance.md). A thread
 * that starts or ends during the read (NEW, TERMINATED) is in no key. Virtual threads are not platform
 * threads and are not counted.
 *
 * <p>Thread rules: {@link #measure} from one poller thread only (it reuses its array).
 */
public final class ThreadStatesMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "thread_states"));
    /** The states a live thread is in, and their keys (daemon ones prefixed {@code daemon_}). */
    private static final Thread.State[] STATES = {Thread.State.RUNNABLE, Thread.State.BLOCKED, Thread.State.WAITING,
            Thread.State.TIMED_WAITING};
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList(
            "runnable", "blocked", "waiting", "timed_waiting"));

    private final ThreadGroup root;
    private Thread[] threads = new Thread[64];

    public ThreadStatesMeasurement() {
        this(rootGroup());
    }

    /** For tests: the threads of {@code group} (and its subgroups) only. */
    ThreadStatesMeasurement(ThreadGroup group) {
        root = group;
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    @Override
    public String name() {
        return "thread_states";
    }

    @Override
    public void measure() {
        int n;
        while ((n = root.enumerate(threads, true)) >= threads.length) {
            threads = new Thread[threads.length * 2]; // full: there may be more
        }
        long[] all = new long[STATES.length];
        long[] daemon = new long[STATES.length];
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            threads[i] = null; // hold no thread past the poll
            int s = index(t.getState());
            if (s >= 0) {
                all[s]++;
                if (t.isDaemon()) {
                    daemon[s]++;
                }
            }
        }
        if (threads.length > 256 && n < threads.length / 4) {
            threads = new Thread[Math.max(64, n * 2)]; // the threads have gone: so does the array
        }
        Map<String, Number> m = new LinkedHashMap<>(16);
        for (int s = 0; s < STATES.length; s++) {
            m.put(KEYS.get(s), all[s]);
        }
        for (int s = 0; s < STATES.length; s++) {
            m.put("daemon_" + KEYS.get(s), daemon[s]);
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }

    private static int index(Thread.State state) {
        for (int i = 0; i < STATES.length; i++) {
            if (STATES[i] == state) {
                return i;
            }
        }
        return -1;
    }
}
