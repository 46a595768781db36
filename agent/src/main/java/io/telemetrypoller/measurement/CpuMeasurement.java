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

/**
 * {@code cpu}: the process's CPU use and the machine's load.
 *
 * <pre>{@code
 * [vm, cpu] {process_cpu_time_ns=1830000000, process_cpu_load=0.125, system_load_average=0.78,
 *            available_processors=2} {}
 * }</pre>
 *
 * <ul>
 *   <li>{@code process_cpu_time_ns} (long): CPU time used by the process since it started; -1 unknown.</li>
 *   <li>{@code process_cpu_load} (double, 0..1): share of the machine's (or container's) CPU the process
 *       used recently; -1 unknown. Both come from {@code com.sun.management.OperatingSystemMXBean}, when
 *       the OS bean is one.</li>
 *   <li>{@code system_load_average} (double): the one-minute load average; -1 where the OS has none.</li>
 *   <li>{@code available_processors} (long).</li>
 * </ul>
 *
 * <p>Thread rules: {@link #measure} from any one thread; it keeps no state. Cost: a few microseconds but
 * for {@code process_cpu_load}: 300-700 us a call in a container (JDK 17 and 25 read the cgroup's CPU
 * files at each call; measured 2026-12-07, docs/performance.md "top").
 */
public final class CpuMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "cpu"));

    private final OperatingSystemMXBean os;

    public CpuMeasurement() {
        this(ManagementFactory.getOperatingSystemMXBean());
    }

    /** For tests: the OS bean. */
    CpuMeasurement(OperatingSystemMXBean os) {
        this.os = os;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void measure() {
        double load = os.getSystemLoadAverage();
        Map<String, Number> m = new LinkedHashMap<>(8);
        m.put("process_cpu_time_ns", OsBean.processCpuTime(os));
        m.put("process_cpu_load", OsBean.processCpuLoad(os));
        m.put("system_load_average", load < 0 ? -1.0 : load);
        m.put("available_processors", (long) os.getAvailableProcessors());
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }
}
