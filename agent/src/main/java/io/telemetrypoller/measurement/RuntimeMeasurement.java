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
 *       a safepoint, about 4 ns a thread; so that a poll costs under 5 us on average at any thread count,
 *       the sum is read every poll up to {@value #THREADS_A_READ} live threads and every
 *       {@code ceil(threads / THREADS_A_READ)}-th poll above (every 10th at 10,000 threads), and the key
 *       is absent from the polls in between. Absent on older JDKs, or where allocation counting is off.</li>
 *   <li>{@code compilation_time_ms}: time the JIT compilers spent compiling
 *       ({@link CompilationMXBean#getTotalCompilationTime}); absent where the JVM does not count it.</li>
 * </ul>
 * Each poll is three calls into the JVM (the thread count too), no allocation but the event's map.
 *
 * <p>Thread rules: {@link #measure} from one thread at a time.
 */
public final class RuntimeMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "runtime"));

    /** Live threads whose allocation counters one poll may sum (about 4 us here, docs/performance.md). */
    static final int THREADS_A_READ = 1_000;

    private final ThreadMXBean threads;
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final Method totalAllocated;
    /** Polls since allocated_bytes was last read; it is read when this reaches pollsPerRead. */
    private long pollsSinceRead = Long.MAX_VALUE - 1;

    public RuntimeMeasurement() {
        this(ManagementFactory.getThreadMXBean());
    }

    /** For tests: a thread bean (a fake may count threads it does not have). */
    RuntimeMeasurement(ThreadMXBean threads) {
        this.threads = threads;
        this.totalAllocated = totalAllocated(threads);
    }

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

    /** 1 up to {@link #THREADS_A_READ} threads, then one more poll for each further thousand. */
    static long pollsPerRead(int liveThreads) {
        return Math.max(1, (liveThreads + (long) THREADS_A_READ - 1) / THREADS_A_READ);
    }

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public void measure() throws Exception {
        Map<String, Number> m = new LinkedHashMap<>(4);
        if (totalAllocated != null && ++pollsSinceRead >= pollsPerRead(threads.getThreadCount())) {
            pollsSinceRead = 0;
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
