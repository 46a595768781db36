package io.telemetrypoller.bench;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * The {@code cpu} measurement, one poll with no handler, beside what its {@code process_cpu_load} was
 * before: the OS bean's {@code getProcessCpuLoad()} (docs/performance.md, section 4, {@code cpu}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(2)
public class CpuBenchmark {
    private Measurement cpu;
    private com.sun.management.OperatingSystemMXBean os;

    @Setup
    public void setUp() {
        cpu = BuiltInMeasurements.create("cpu");
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    @Benchmark
    public void measurement() throws Exception {
        cpu.measure();
    }

    @Benchmark
    public double beanProcessCpuLoad() {
        return os.getProcessCpuLoad();
    }
}
