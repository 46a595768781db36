package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code cpu}: the process's CPU use and the machine's load.
 *
 * <pre>{@code
 * [vm, cpu] {process_cpu_time_ns=1830000000, process_cpu_load=0.125, system_load_average=0.78,
 *            available_processors=2} {}
 * }</pre>
 *
 * <ul>
 *   <li>{@code process_cpu_time_ns} (long): CPU time used by the process since it started, from
 *       {@code com.sun.management.OperatingSystemMXBean} when the OS bean is one; -1 unknown.</li>
 *   <li>{@code process_cpu_load} (double, 0..1): share of the CPUs available to the JVM (the container's
 *       quota or cpuset, as {@code available_processors} counts them) the process used since this
 *       measurement's previous poll (the first poll: since the JVM started): the growth of
 *       {@code process_cpu_time_ns} over the wall time times {@code available_processors}; -1 unknown.
 *       Not the bean's {@code getProcessCpuLoad()}: in a container that call reads the cgroup's quota,
 *       shares and cpuset files and {@code /proc/stat} every time, 60 us a call warm and 300-700 us
 *       once a second here (JDK 17 and 25), against about 1 us for the rest of this measurement; and its
 *       "recently" is since anyone in the process last called it.</li>
 *   <li>{@code system_load_average} (double): the one-minute load average; -1 where the OS has none.</li>
 *   <li>{@code available_processors} (long).</li>
 * </ul>
 *
 * <p>Thread rules: {@link #measure} from one thread at a time (it keeps the previous poll's CPU time).
 */
public final class CpuMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "cpu"));

    private final OperatingSystemMXBean os;
    private final LongSupplier nanoClock;
    /** The previous poll's CPU time and clock; before the first poll, the JVM's start. */
    private long lastCpuNs;
    private long lastNanos;

    public CpuMeasurement() {
        this(ManagementFactory.getOperatingSystemMXBean(), System::nanoTime,
                ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** For tests: the OS bean, a nanosecond clock, and how long ago (ms) the JVM started. */
    CpuMeasurement(OperatingSystemMXBean os, LongSupplier nanoClock, long uptimeMs) {
        this.os = os;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(Math.max(0, uptimeMs));
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void measure() {
        double load = os.getSystemLoadAverage();
        long cpuNs = OsBean.processCpuTime(os);
        long now = nanoClock.getAsLong();
        long processors = os.getAvailableProcessors();
        Map<String, Number> m = new LinkedHashMap<>(8);
        m.put("process_cpu_time_ns", cpuNs);
        m.put("process_cpu_load", share(cpuNs - lastCpuNs, now - lastNanos, processors, cpuNs >= 0));
        m.put("system_load_average", load < 0 ? -1.0 : load);
        m.put("available_processors", processors);
        if (cpuNs >= 0) {
            lastCpuNs = cpuNs;
            lastNanos = now;
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }

    /** CPU time over the capacity of the wall time, clamped to 0..1 (clocks' rounding); -1 unknown. */
    private static double share(long cpuNs, long wallNs, long processors, boolean known) {
        if (!known || wallNs <= 0 || processors <= 0) {
            return -1;
        }
        return Math.min(1.0, Math.max(0.0, (double) cpuNs / ((double) wallNs * processors)));
    }
}
