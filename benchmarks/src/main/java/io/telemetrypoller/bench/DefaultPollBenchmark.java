package io.telemetrypoller.bench;

import io.telemetrypoller.Handler;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.File;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One poll of the default measurements ({@code memory}, {@code total_run_queue_lengths},
 * {@code system_counts}) into one no-op handler attached to every event, the way a sink sees them, next
 * to the floors: plain code reading the same values with nothing around it.
 *
 * <ul>
 *   <li>{@code floorMxBeans}: only the MXBean values the default poll reads (memory and buffer pools,
 *       thread, class and fd counts). The fd count is the JDK's own listing of {@code /proc/self/fd}.</li>
 *   <li>{@code floorMxBeansAndProc}: the same plus the {@code /proc} files the poll reads:
 *       {@code /proc/self/status} (rss) and, for every task of {@code /proc/self/task} (the JMH fork
 *       has about 20), {@code schedstat} and {@code stat}, with the listing. This is what the default poll
 *       costs at the least on Linux.</li>
 *   <li>{@code pollNoRunQueue} next to {@code floorMxBeans} (the run-queue measurement reads no MXBean
 *       before JDK 24) and {@code floorNoRunQueueAndRss} (plus the rss read): the poll without the
 *       per-task reads.</li>
 *   <li>{@code memory}, {@code runQueue}, {@code systemCounts}: each measurement alone, to attribute.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DefaultPollBenchmark {
    private static final Handler NO_OP = (event, measurements, metadata, config) -> {
        Blackhole bh = (Blackhole) config;
        bh.consume(measurements);
        bh.consume(metadata);
    };

    private io.telemetrypoller.Measurement memory;
    private io.telemetrypoller.Measurement runQueue;
    private io.telemetrypoller.Measurement systemCounts;

    private MemoryMXBean memoryBean;
    private MemoryPoolMXBean[] pools;
    private BufferPoolMXBean direct;
    private BufferPoolMXBean mapped;
    private ThreadMXBean threads;
    private ClassLoadingMXBean classes;
    private com.sun.management.UnixOperatingSystemMXBean os;
    private final File taskDir = new File("/proc/self/task");
    private final byte[] buf = new byte[4096];

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        memory = BuiltInMeasurements.create("memory");
        runQueue = BuiltInMeasurements.create("total_run_queue_lengths");
        systemCounts = BuiltInMeasurements.create("system_counts");
        Telemetry.attachAll("bench-sink", NO_OP, bh);

        memoryBean = ManagementFactory.getMemoryMXBean();
        pools = ManagementFactory.getMemoryPoolMXBeans().toArray(new MemoryPoolMXBean[0]);
        List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        for (BufferPoolMXBean b : buffers) {
            if (b.getName().equals("direct")) {
                direct = b;
            } else if (b.getName().equals("mapped")) {
                mapped = b;
            }
        }
        threads = ManagementFactory.getThreadMXBean();
        classes = ManagementFactory.getClassLoadingMXBean();
        os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Telemetry.detach("bench-sink");
        memory.close();
        runQueue.close();
        systemCounts.close();
    }

    @Benchmark
    public void pollDefault() throws Exception {
        memory.measure();
        runQueue.measure();
        systemCounts.measure();
    }

    @Benchmark
    public void pollNoRunQueue() throws Exception {
        memory.measure();
        systemCounts.measure();
    }

    @Benchmark
    public void memory() throws Exception {
        memory.measure();
    }

    @Benchmark
    public void runQueue() throws Exception {
        runQueue.measure();
    }

    @Benchmark
    public void systemCounts() throws Exception {
        systemCounts.measure();
    }

    @Benchmark
    public void floorMxBeans(Blackhole bh) {
        readMemoryBeans(bh);
        readCountBeans(bh);
    }

    @Benchmark
    public void floorMxBeansAndProc(Blackhole bh) {
        readMemoryBeans(bh);
        bh.consume(read("/proc/self/status"));
        readCountBeans(bh);
        String[] tasks = taskDir.list();
        for (String tid : tasks) {
            bh.consume(read("/proc/self/task/" + tid + "/schedstat"));
            bh.consume(read("/proc/self/task/" + tid + "/stat"));
        }
    }

    @Benchmark
    public void floorNoRunQueueAndRss(Blackhole bh) {
        readMemoryBeans(bh);
        bh.consume(read("/proc/self/status"));
        readCountBeans(bh);
    }

    private void readMemoryBeans(Blackhole bh) {
        MemoryUsage heap = memoryBean.getHeapMemoryUsage();
        MemoryUsage nonHeap = memoryBean.getNonHeapMemoryUsage();
        bh.consume(heap.getUsed());
        bh.consume(heap.getCommitted());
        bh.consume(heap.getMax());
        bh.consume(nonHeap.getUsed());
        bh.consume(nonHeap.getCommitted());
        bh.consume(direct.getMemoryUsed());
        bh.consume(mapped.getMemoryUsed());
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage u = pool.getUsage();
            bh.consume(u.getUsed());
            bh.consume(u.getCommitted());
            bh.consume(u.getMax());
        }
    }

    private void readCountBeans(Blackhole bh) {
        bh.consume(threads.getThreadCount());
        bh.consume(threads.getDaemonThreadCount());
        bh.consume(threads.getPeakThreadCount());
        bh.consume(classes.getLoadedClassCount());
        bh.consume(os.getOpenFileDescriptorCount());
        bh.consume(os.getMaxFileDescriptorCount());
    }

    private int read(String path) {
        return ProcRead.readFully(path, buf);
    }
}
