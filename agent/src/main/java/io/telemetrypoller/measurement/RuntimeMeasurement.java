package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runtime}: work the JVM's runtime did since it started, cumulative (a backend derives the rates):
 *
 * <pre>{@code
 * [vm, runtime] {allocated_bytes=5368709120, compilation_time_ms=5400} {}
 * }</pre>
 *
 * <ul>
 *   <li>{@code allocated_bytes}: bytes allocated on the heap by all threads, those that have ended
 *       included ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes}, JDK 16 and later,
 *       reached reflectively: this class is Java 8 bytecode). HotSpot sums its threads' counters without
 *       a safepoint. Absent on older JDKs, or where allocation counting is off.</li>
 *   <li>{@code compilation_time_ms}: time the JIT compilers spent compiling
 *       ({@link CompilationMXBean#getTotalCompilationTime}); absent where the JVM does not count it.</li>
 * </ul>
 * Each poll is two calls into the JVM, no allocation but the event's map.
 */
public final class RuntimeMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "runtime"));

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final Method totalAllocated = totalAllocated(threads);

    private static Method totalAllocated(ThreadMXBean threads) {
        try {
            Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
            if (!sun.isInstance(threads)) {
                return null;
            }
            return sun.getMethod("getTotalThreadAllocatedBytes");
        } catch (ClassNotFoundException | NoSuchMethodException | RuntimeException e) {
            return null; // JDK 8 to 15, or not HotSpot
        }
    }

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public void measure() throws Exception {
        Map<String, Number> m = new LinkedHashMap<>(4);
        if (totalAllocated != null) {
            long bytes = (Long) totalAllocated.invoke(threads);
            if (bytes >= 0) {
                m.put("allocated_bytes", bytes);
            }
        }
        if (compiler != null && compiler.isCompilationTimeMonitoringSupported()) {
            m.put("compilation_time_ms", compiler.getTotalCompilationTime());
        }
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }
}
