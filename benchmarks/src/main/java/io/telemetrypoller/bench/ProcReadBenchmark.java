package io.telemetrypoller.bench;

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

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * One run-queue task read from Java (its {@code schedstat} and {@code stat}), the ways it can be read:
 * a {@code RandomAccessFile} per file read to end of file (what {@code ProcFiles} did), the same stopping
 * at the first short read (what it does now), and {@code FileChannel}s kept open and read at position 0
 * (procfs renders the file again on each read from offset 0). {@code benchmarks/src/main/c/reread.c}
 * is the same from C.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcReadBenchmark {
    private final byte[] buf = new byte[4096];
    private final ByteBuffer bb = ByteBuffer.allocate(4096);
    private String schedstat;
    private String stat;
    private FileChannel schedstatChannel;
    private FileChannel statChannel;

    @Setup(Level.Trial)
    public void open() throws IOException {
        // this benchmark thread's own task: JMH runs setup and benchmark on the same thread (Scope.Thread)
        String tid = new File("/proc/thread-self").getCanonicalFile().getName();
        schedstat = "/proc/self/task/" + tid + "/schedstat";
        stat = "/proc/self/task/" + tid + "/stat";
        schedstatChannel = FileChannel.open(Paths.get(schedstat));
        statChannel = FileChannel.open(Paths.get(stat));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        schedstatChannel.close();
        statChannel.close();
    }

    @Benchmark
    public int readToEndOfFile() {
        return read(schedstat, false) + read(stat, false);
    }

    @Benchmark
    public int stopAtShortRead() {
        return read(schedstat, true) + read(stat, true);
    }

    @Benchmark
    public int keptChannels() throws IOException {
        bb.clear();
        int n = schedstatChannel.read(bb, 0);
        bb.clear();
        return n + statChannel.read(bb, 0);
    }

    private int read(String path, boolean stopShort) {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            int total = 0;
            while (total < buf.length) {
                int wanted = buf.length - total;
                int n = f.read(buf, total, wanted);
                if (n < 0) {
                    break;
                }
                total += n;
                if (stopShort && n < wanted) {
                    break;
                }
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }
}
