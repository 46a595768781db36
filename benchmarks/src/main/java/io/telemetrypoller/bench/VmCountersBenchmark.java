package io.telemetrypoller.bench;

import io.telemetrypoller.measurement.BuiltInMeasurements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The {@code safepoints} and {@code runtime} measurements (issue 17, items 2 and 3), one poll each with no
 * handler, at 100, 1,000 and 10,000 live parked threads, beside the JDK calls {@code runtime} makes done
 * directly ({@code getTotalThreadAllocatedBytes} and {@code getTotalCompilationTime}). Run with
 * {@code -prof safepoints} to count the pauses each makes (docs/performance.md, section 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss256k"})
public class VmCountersBenchmark {
    @Param({"100", "1000", "10000"})
    public int threads;

    private ParkedThreads parked;
    private io.telemetrypoller.Measurement safepoints;
    private io.telemetrypoller.Measurement runtime;
    private com.sun.management.ThreadMXBean threadBean;
    private CompilationMXBean compilation;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        parked = ParkedThreads.start(threads);
        safepoints = BuiltInMeasurements.create("safepoints");
        runtime = BuiltInMeasurements.create("runtime");
        safepoints.measure();
        runtime.measure();
        threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        compilation = ManagementFactory.getCompilationMXBean();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        parked.stop();
        safepoints.close();
        runtime.close();
    }

    @Benchmark
    public void safepoints() throws Exception {
        safepoints.measure();
    }

    @Benchmark
    public void runtime() throws Exception {
        runtime.measure();
    }

    /** What {@code runtime} calls, directly (the measurement reaches the first reflectively: Java 8 bytecode). */
    @Benchmark
    public long runtimeCallsDirectly() {
        return threadBean.getTotalThreadAllocatedBytes() + compilation.getTotalCompilationTime();
    }
}
