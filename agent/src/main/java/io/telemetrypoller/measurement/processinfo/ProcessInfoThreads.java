package io.telemetrypoller.measurement.processinfo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Per-thread figures for process_info: CPU time and allocated bytes of one thread by id, from
 * {@link ThreadMXBean#getThreadCpuTime(long)} and {@code com.sun.management.ThreadMXBean
 * #getThreadAllocatedBytes(long)}. Both read one thread's counters without stopping the others (never
 * {@code getThreadInfo} of every thread, a safepoint operation). -1 when unknown: the thread is gone,
 * is virtual, or the JVM does not measure it. {@code com.sun.management} is named only inside
 * {@link Sun}, loaded once it is known to exist.
 */
final class ProcessInfoThreads {
    private static final boolean SUN = exists("com.sun.management.ThreadMXBean");

    private final ThreadMXBean threads;
    private final boolean cpu;
    private final boolean allocated;

    ProcessInfoThreads() {
        this(ManagementFactory.getThreadMXBean());
    }

    ProcessInfoThreads(ThreadMXBean threads) {
        this.threads = threads;
        boolean cpuOk;
        try {
            cpuOk = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        } catch (Throwable t) {
            cpuOk = false;
        }
        this.cpu = cpuOk;
        this.allocated = SUN && Sun.allocatedSupported(threads);
    }

    long cpuTimeNanos(long threadId) {
        if (!cpu) {
            return -1;
        }
        try {
            return threads.getThreadCpuTime(threadId);
        } catch (Throwable t) {
            return -1;
        }
    }

    long allocatedBytes(long threadId) {
        return allocated ? Sun.allocatedBytes(threads, threadId) : -1;
    }

    /** Every live platform thread, enumerated from the root group (no safepoint). */
    static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(all, true);
        return n == all.length ? liveThreadsRetry(root, all.length * 2) : Arrays.copyOf(all, n);
    }

    private static Thread[] liveThreadsRetry(ThreadGroup root, int size) {
        Thread[] all = new Thread[size];
        int n = root.enumerate(all, true);
        return Arrays.copyOf(all, n);
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, the agent is Java 8
    static long id(Thread t) {
        return t.getId();
    }

    /** The thread with this id among {@code threads}, or null. */
    static Thread byId(Thread[] threads, long id) {
        for (Thread t : threads) {
            if (id(t) == id) {
                return t;
            }
        }
        return null;
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, ThreadMXBean.class.getClassLoader());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static final class Sun {
        static boolean allocatedSupported(ThreadMXBean threads) {
            try {
                if (!(threads instanceof com.sun.management.ThreadMXBean)) {
                    return false;
                }
                com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) threads;
                return sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled();
            } catch (Throwable t) {
                return false;
            }
        }

        static long allocatedBytes(ThreadMXBean threads, long id) {
            try {
                return ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(id);
            } catch (Throwable t) {
                return -1;
            }
        }
    }
}
