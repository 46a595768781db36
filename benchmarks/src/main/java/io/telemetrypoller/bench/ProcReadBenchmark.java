package io.telemetrypoller.bench;

import io.telemetrypoller.proc.ProcFiles;

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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * One run-queue task read from Java (its {@code schedstat} and {@code stat}), the ways it can be read.
 * Opened for each read: a {@code RandomAccessFile} read to end of file (what {@code ProcFiles} did), the
 * same stopping at the first short read, and {@code FileChannel.open} of a {@code Path} built once (no
 * {@code File} normalisation, no {@code fstat}) into a heap or a direct buffer. Kept open: two
 * {@code FileChannel}s read at position 0 (procfs renders the file again on each read from offset 0),
 * the same into a direct buffer, and two {@code RandomAccessFile}s {@code seek(0)} then read.
 * {@code schedstat...}: the {@code schedstat} file alone, the read a poll makes of an idle thread.
 * {@code benchmarks/src/main/c/reread.c} is the same from C.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcReadBenchmark {
    private final byte[] buf = new byte[4096];
    private final ByteBuffer heap = ByteBuffer.wrap(buf);
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);
    private String schedstat;
    private String stat;
    private Path schedstatPath;
    private Path statPath;
    private FileChannel schedstatChannel;
    private FileChannel statChannel;
    private RandomAccessFile schedstatFile;
    private RandomAccessFile statFile;

    @Setup(Level.Trial)
    public void open() throws IOException {
        // this benchmark thread's own task: JMH runs setup and benchmark on the same thread (Scope.Thread)
        String tid = new File("/proc/thread-self").getCanonicalFile().getName();
        schedstat = "/proc/self/task/" + tid + "/schedstat";
        stat = "/proc/self/task/" + tid + "/stat";
        schedstatPath = Paths.get(schedstat);
        statPath = Paths.get(stat);
        schedstatChannel = FileChannel.open(schedstatPath);
        statChannel = FileChannel.open(statPath);
        schedstatFile = new RandomAccessFile(schedstat, "r");
        statFile = new RandomAccessFile(stat, "r");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        schedstatChannel.close();
        statChannel.close();
        schedstatFile.close();
        statFile.close();
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
    public int channelPerRead() {
        return openAndRead(schedstatPath, heap) + openAndRead(statPath, heap);
    }

    @Benchmark
    public int channelPerReadDirect() {
        return openAndRead(schedstatPath, direct) + openAndRead(statPath, direct);
    }

    @Benchmark
    public int keptChannels() throws IOException {
        return readAt0(schedstatChannel, heap) + readAt0(statChannel, heap);
    }

    @Benchmark
    public int keptChannelsDirect() throws IOException {
        return readAt0(schedstatChannel, direct) + readAt0(statChannel, direct);
    }

    @Benchmark
    public int keptRandomAccessFiles() throws IOException {
        schedstatFile.seek(0);
        int n = schedstatFile.read(buf);
        statFile.seek(0);
        return n + statFile.read(buf);
    }

    @Benchmark
    public int schedstatStopAtShortRead() {
        return read(schedstat, true);
    }

    @Benchmark
    public int schedstatChannelPerRead() {
        return openAndRead(schedstatPath, heap);
    }

    @Benchmark
    public int schedstatKeptChannel() throws IOException {
        return readAt0(schedstatChannel, heap);
    }

    private int readAt0(FileChannel channel, ByteBuffer into) throws IOException {
        into.clear();
        int n = channel.read(into, 0);
        if (into.isDirect() && n > 0) {
            into.flip();
            into.get(buf, 0, n);
        }
        return n;
    }

    private int openAndRead(Path path, ByteBuffer into) {
        try (FileChannel channel = FileChannel.open(path)) {
            return readAt0(channel, into);
        } catch (IOException e) {
            return -1;
        }
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
