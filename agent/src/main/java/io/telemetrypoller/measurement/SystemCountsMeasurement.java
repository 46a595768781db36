package io.telemetrypoller.measurement;

import io.telemetrypoller.proc.FdHeadroom;
import io.telemetrypoller.proc.ThreadLimit;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.io.File;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code system_counts}, Erlang's process, atom and port counts mapped to threads, classes and file
 * descriptors (all values are longs):
 *
 * <pre>{@code
 * [vm, system_counts] {thread_count=23, daemon_thread_count=19, peak_thread_count=24, thread_limit=127573,
 *                      loaded_class_count=3105, total_loaded_class_count=3200, unloaded_class_count=95,
 *                      open_fd_count=41, fd_limit=1048576} {}
 * }</pre>
 *
 * <p>Thread counts are {@link ThreadMXBean}'s counters, never {@code getThreadInfo} (a safepoint).
 * {@code open_fd_count} and {@code fd_limit} come from {@code com.sun.management.UnixOperatingSystemMXBean}
 * when the OS bean is one; otherwise, on Linux, from listing {@code /proc/self/fd} and the soft
 * "Max open files" of {@code /proc/self/limits}. {@code thread_limit} is {@link ThreadLimit}'s (the
 * smallest of RLIMIT_NPROC, threads-max and the pids cgroup's max). Each key is absent where it is unknown (Windows, an
 * unlimited limit). Cost: about 10 us, most of it listing the open descriptors.
 *
 * <p>Thread rules: {@link #measure} from one poller thread only (it reuses a read buffer).
 */
public final class SystemCountsMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "system_counts"));

    private final ThreadMXBean threads;
    private final ClassLoadingMXBean classes;
    private final OperatingSystemMXBean os;
    private final boolean unixBean;
    private final FdHeadroom fds; // /proc/self/fd and limits, where the JDK has no Unix bean
    private final ThreadLimit threadLimit;

    public SystemCountsMeasurement() {
        this(ManagementFactory.getThreadMXBean(), ManagementFactory.getClassLoadingMXBean(),
                ManagementFactory.getOperatingSystemMXBean(), new File("/proc/self"), new ThreadLimit());
    }

    /** For tests: the beans, and a directory standing for {@code /proc/self} (the thread limit's sources too). */
    SystemCountsMeasurement(ThreadMXBean threads, ClassLoadingMXBean classes, OperatingSystemMXBean os,
                            File procSelf) {
        this(threads, classes, os, procSelf, ThreadLimit.underTestRoot(procSelf));
    }

    private SystemCountsMeasurement(ThreadMXBean threads, ClassLoadingMXBean classes, OperatingSystemMXBean os,
                                    File procSelf, ThreadLimit threadLimit) {
        this.threads = threads;
        this.classes = classes;
        this.os = os;
        this.unixBean = OsBean.isUnix(os);
        this.fds = new FdHeadroom(procSelf);
        this.threadLimit = threadLimit;
    }

    @Override
    public String name() {
        return "system_counts";
    }

    @Override
    public void measure() {
        Map<String, Number> m = new LinkedHashMap<>(8);
        m.put("thread_count", (long) threads.getThreadCount());
        m.put("daemon_thread_count", (long) threads.getDaemonThreadCount());
        m.put("peak_thread_count", (long) threads.getPeakThreadCount());
        long maxThreads = threadLimit.get();
        if (maxThreads > 0) {
            m.put("thread_limit", maxThreads);
        }
        m.put("loaded_class_count", (long) classes.getLoadedClassCount());
        m.put("total_loaded_class_count", classes.getTotalLoadedClassCount());
        m.put("unloaded_class_count", classes.getUnloadedClassCount());
        long open = unixBean ? OsBean.openFileDescriptors(os) : fds.openDescriptors();
        if (open >= 0) {
            m.put("open_fd_count", open);
        }
        long limit = unixBean ? OsBean.maxFileDescriptors(os) : fds.softLimit();
        if (limit >= 0) {
            m.put("fd_limit", limit);
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }
}
