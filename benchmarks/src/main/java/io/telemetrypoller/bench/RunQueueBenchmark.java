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
import org.openjdk.jmh.infra.Blackhole;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * The {@code total_run_queue_lengths} measurement with 100, 1,000 and 10,000 live parked threads, sampled
 * per poll ({@link Mode#SampleTime}: the mean and the worst poll, which is where the task list is
 * refreshed). Next to it:
 * <ul>
 *   <li>{@code javaFullScan}: plain Java listing {@code /proc/self/task} and reading every task's
 *       {@code schedstat} and {@code stat}, what an unbounded measurement costs;</li>
 *   <li>{@code threadStates}: the {@code thread_states} measurement (each thread's own state);</li>
 *   <li>{@code threadInfo}: {@code ThreadMXBean.getThreadInfo(allIds, 0)}, the JMX way to see thread
 *       states, and {@code threadInfoWithStack} ({@code maxDepth} 1), a thread dump: run with
 *       {@code -prof safepoints} to count the pauses each makes (the measurement makes none).</li>
 * </ul>
 * The C program {@code benchmarks/src/main/c/procreads.c} makes the same reads from C
 * ({@code scripts/runqueue-bench.sh} runs both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss256k"})
public class RunQueueBenchmark {
    @Param({"100", "1000", "10000"})
    public int threads;

    private ParkedThreads parked;
    private io.telemetrypoller.Measurement runQueue;
    private io.telemetrypoller.Measurement threadStates;
    private ThreadMXBean threadBean;
    private final File taskDir = new File("/proc/self/task");
    private final byte[] buf = new byte[4096];

    @Setup(Level.Trial)
    public void startThreads() throws InterruptedException {
        parked = ParkedThreads.start(threads);
        // the JVM's own threads come on top: compare with the C program per file, or at equal task counts
        System.out.println("runqueue: " + threads + " parked threads, " + taskDir.list().length
                + " tasks in /proc/self/task");
        runQueue = BuiltInMeasurements.create("total_run_queue_lengths");
        threadStates = BuiltInMeasurements.create("thread_states");
        threadBean = ManagementFactory.getThreadMXBean();
    }

    @TearDown(Level.Trial)
    public void stopThreads() throws InterruptedException {
        parked.stop();
        runQueue.close();
    }

    @Benchmark
    public void measurement() throws Exception {
        runQueue.measure(); // no handler attached: the poll's reads and arithmetic, not a sink's work
    }

    @Benchmark
    public void javaFullScan(Blackhole bh) {
        for (String tid : taskDir.list()) {
            bh.consume(read("/proc/self/task/" + tid + "/schedstat"));
            bh.consume(read("/proc/self/task/" + tid + "/stat"));
        }
    }

    /** The {@code thread_states} measurement: the threads' own state fields, no ThreadInfo built. */
    @Benchmark
    public void threadStates() throws Exception {
        threadStates.measure();
    }

    /** Thread states without stacks: HotSpot answers this one without stopping the world. */
    @Benchmark
    public void threadInfo(Blackhole bh) {
        bh.consume(threadBean.getThreadInfo(threadBean.getAllThreadIds(), 0));
    }

    /** With one stack frame each: a thread dump, a safepoint operation. */
    @Benchmark
    public void threadInfoWithStack(Blackhole bh) {
        bh.consume(threadBean.getThreadInfo(threadBean.getAllThreadIds(), 1));
    }

    private int read(String path) {
        return ProcRead.readFully(path, buf);
    }
}
