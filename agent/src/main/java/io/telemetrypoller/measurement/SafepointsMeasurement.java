package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.proc.PerfCounters;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code safepoints}: how often and how long HotSpot stopped the application, cumulative since the JVM
 * started, from its own counters (sun.rt.safepoints, sun.rt.safepointTime, sun.rt.safepointSyncTime in
 * ticks of sun.os.hrt.frequency), read from its mapped performance data without causing a safepoint:
 *
 * <pre>{@code
 * [vm, safepoints] {count=152, time_ns=48200000, sync_time_ns=3100000} {}
 * }</pre>
 *
 * <p>{@code sync_time_ns} is the time spent reaching the safepoints (time to safepoint), {@code time_ns}
 * the time after that, until they ended (JDK 17: cleanup and the operation; 25: the operation and leaving);
 * the application was stopped for about their sum, -Xlog:safepoint's "Total" (SafepointsIT checks both
 * against that log to the nanosecond). On a JVM that publishes no such counters ({@code -XX:-UsePerfData}, not
 * HotSpot) the first poll fails with one line and the measurement is removed: absent, never zero.
 */
public final class SafepointsMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "safepoints"));

    private final PerfCounters counters;
    private int count = -1;
    private int time = -1;
    private int sync = -1;
    private double nanosPerTick;

    public SafepointsMeasurement() {
        this(PerfCounters.ofThisJvm());
    }

    SafepointsMeasurement(PerfCounters counters) {
        this.counters = counters;
        if (counters != null) {
            count = counters.offset("sun.rt.safepoints");
            time = counters.offset("sun.rt.safepointTime");
            sync = counters.offset("sun.rt.safepointSyncTime");
            int frequency = counters.offset("sun.os.hrt.frequency");
            long hz = frequency < 0 ? -1 : counters.get(frequency);
            nanosPerTick = hz > 0 ? 1e9 / hz : 0;
        }
    }

    @Override
    public String name() {
        return "safepoints";
    }

    @Override
    public void measure() {
        if (count < 0 || time < 0 || nanosPerTick <= 0) {
            throw new IllegalStateException("this JVM publishes no safepoint counters (HotSpot's performance data is"
                    + " off: -XX:-UsePerfData or -XX:+PerfDisableSharedMem?)");
        }
        Map<String, Number> m = new LinkedHashMap<>(4);
        m.put("count", counters.get(count));
        m.put("time_ns", (long) (counters.get(time) * nanosPerTick));
        if (sync >= 0) {
            m.put("sync_time_ns", (long) (counters.get(sync) * nanosPerTick));
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }
}
