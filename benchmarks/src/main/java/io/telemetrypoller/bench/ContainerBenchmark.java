package io.telemetrypoller.bench;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The {@code container} measurement, one poll (its files kept open after the second), in this JVM's own
 * cgroup; {@code scripts/container-bench.sh} runs it beside {@code cgroupreads.c} reading the same files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(2)
public class ContainerBenchmark {
    private Measurement container;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        container = BuiltInMeasurements.create("container");
        container.measure();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        container.close();
    }

    @Benchmark
    public void measurement() throws Exception {
        container.measure(); // no handler attached: the reads and the parsing, not a sink's work
    }
}
