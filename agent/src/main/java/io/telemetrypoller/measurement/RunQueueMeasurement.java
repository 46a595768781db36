package io.telemetrypoller.measurement;

import io.telemetrypoller.proc.KeptFiles;
import io.telemetrypoller.proc.TaskSampler;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * {@code total_run_queue_lengths}, Erlang's {@code erlang:statistics(total_run_queue_lengths_all)}: how much
 * of this JVM's runnable work is waiting rather than running. Emits, each poll:
 *
 * <pre>{@code
 * [vm, total_run_queue_lengths] {total=4.012, cpu=4.012, io=0, virtual=0, platform=4.012} {}
 * }</pre>
 *
 * <ul>
 *   <li>{@code virtual} (long): virtual threads queued for a carrier, JDK 24+, else 0.</li>
 *   <li>{@code platform} (double, 3 decimals): the average number of this JVM's threads that waited for a
 *       core over the period. Linux: for each task of {@code /proc/self/task}, the growth of its run-queue
 *       wait ({@code schedstat}'s 2nd field, ns) since it was last read, divided by the wall time since
 *       then, summed. A task seen for the first time counts 0.</li>
 *   <li>{@code io} (long): tasks in uninterruptible sleep ({@code D} in {@code stat}) now.</li>
 *   <li>{@code executors} (long), only with {@code executors=true}: tasks queued in the JVM's
 *       ThreadPoolExecutors and ForkJoinPools (the executor backlog the agent hands in); absent otherwise.</li>
 *   <li>{@code cpu} = virtual + platform, {@code total} = cpu + io + executors (doubles, 3 decimals).</li>
 * </ul>
 *
 * <p>Cost: one {@code /proc} file a task (a second, {@code stat}, only for threads that ran), about
 * 1 us through one of the up to {@value KeptFiles#MAX} descriptors kept open between polls, 5-6 us
 * otherwise ({@link KeptFiles}). Above {@value #SAMPLE_THRESHOLD} tasks a poll reads only that many and
 * scales the sums to the whole process, listing the tasks a slice a poll ({@link TaskSampler}), so
 * 10,000 threads cost about 2-3 ms a poll, not a quarter of a second. {@link #close} closes the kept
 * descriptors. Without {@code /proc/self/task} (not Linux):
 * {@code platform = max(0, system load average - available processors)}, a system-wide figure, and
 * {@code io = 0}. Never uses {@code ThreadMXBean.getThreadInfo}: it stops every application thread.
 *
 * <p>Thread rules: {@link #measure} from one poller thread only (it keeps readings between polls);
 * {@link #close} from any thread.
 */
public final class RunQueueMeasurement implements Measurement {
    /** Above this many tasks, a poll reads this many and scales the sums. */
    static final int SAMPLE_THRESHOLD = TaskSampler.BUDGET;

    private static final LongSupplier NO_EXECUTORS = new LongSupplier() {
        @Override
        public long getAsLong() {
            return -1;
        }
    };
    private static final List<String> EVENT = Collections.unmodifiableList(
            Arrays.asList("vm", "total_run_queue_lengths"));

    private final TaskSampler tasks;
    private final OperatingSystemMXBean os;
    private final VirtualThreadScheduler virtualThreads;
    private final LongSupplier nanoClock;
    private final LongSupplier executorBacklog;

    /** Without the executors' backlog (the agent's executors= instrumentation is not there). */
    public RunQueueMeasurement() {
        this(NO_EXECUTORS);
    }

    /** With {@code executors}: the tasks queued in the tracked executors, or -1 while none are tracked. */
    public RunQueueMeasurement(LongSupplier executorBacklog) {
        this(new File("/proc/self"), ManagementFactory.getOperatingSystemMXBean(),
                VirtualThreadScheduler.platform(), System::nanoTime, new Random(), executorBacklog);
    }

    /** For tests: a fake {@code /proc/self}, clock and random source. */
    RunQueueMeasurement(File procSelf, OperatingSystemMXBean os, VirtualThreadScheduler virtualThreads,
                        LongSupplier nanoClock, Random random) {
        this(procSelf, os, virtualThreads, nanoClock, random, NO_EXECUTORS);
    }

    private RunQueueMeasurement(File procSelf, OperatingSystemMXBean os, VirtualThreadScheduler virtualThreads,
                                LongSupplier nanoClock, Random random, LongSupplier executorBacklog) {
        this.tasks = new TaskSampler(procSelf, random);
        this.os = os;
        this.virtualThreads = virtualThreads;
        this.nanoClock = nanoClock;
        this.executorBacklog = executorBacklog;
    }

    @Override
    public String name() {
        return "total_run_queue_lengths";
    }

    @Override
    public void measure() {
        long virtual = virtualThreads.queued();
        double platform;
        long io;
        if (tasks.sample(nanoClock.getAsLong())) {
            platform = tasks.waiting();
            io = Math.round(tasks.blocked());
        } else {
            double load = os.getSystemLoadAverage(); // negative where the OS has none
            platform = Math.max(0, load - os.getAvailableProcessors());
            io = 0;
        }
        double cpu = round3(virtual + platform);
        long executors = executorBacklog.getAsLong(); // -1 unless executors=true
        Map<String, Number> m = new LinkedHashMap<>(8);
        m.put("total", round3(cpu + io + Math.max(0, executors)));
        m.put("cpu", cpu);
        m.put("io", io);
        m.put("virtual", virtual);
        m.put("platform", round3(platform));
        if (executors >= 0) {
            m.put("executors", executors);
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }

    /** Closes the descriptors kept open on {@code /proc/self/task}; a later poll opens files each read. */
    @Override
    public void close() {
        tasks.close();
    }

    /** For tests: how many tasks have a reading kept from an earlier poll. */
    int trackedTasks() {
        return tasks.tracked();
    }

    /** For tests: how many descriptors are kept open between polls. */
    int keptDescriptors() {
        return tasks.keptDescriptors();
    }

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
