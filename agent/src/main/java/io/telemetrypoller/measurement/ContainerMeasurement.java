package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.proc.CgroupFiles;
import io.telemetrypoller.proc.FdHeadroom;
import io.telemetrypoller.proc.ProcFile;
import io.telemetrypoller.proc.ProcFiles;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code container}: the memory and CPU limits and use of the cgroup this JVM is in, v1 or v2 (docs/measurements.md):
 *
 * <pre>{@code
 * [vm, container] {memory_usage=73400320, memory_limit=268435456, memory_usage_ratio=0.273, memory_peak=80000000,
 *                  memory_fail_count=0, oom_kill_count=0, cpu_quota_cores=0.2, cpu_periods=1200,
 *                  cpu_throttled_periods=950, cpu_throttled_ns=81000000000, cpu_usage_ns=24000000000} {}
 * }</pre>
 *
 * <p>{@code memory_limit} is -1 when unlimited (and {@code memory_usage_ratio} then absent);
 * {@code cpu_quota_cores} is absent without a quota. Times are nanoseconds whatever the version (v2's
 * {@code cpu.stat} is in microseconds). A key is absent where its file is (an older kernel, a controller not
 * mounted). The files are found once, at the first poll, and read with descriptors kept open (at most
 * {@link #KEPT}, and only if the process has room for them, as the run queue's rule is), each with one
 * positional read a poll. In no cgroup at all (not
 * Linux), the first poll fails with one line and the measurement is removed, like any failing measurement.
 *
 * <p>Thread rules: {@link #measure} from one poller thread; {@link #close} from any.
 */
public final class ContainerMeasurement implements Measurement {
    private static final int MEMORY_USAGE = 0;
    private static final int MEMORY_LIMIT = 1;
    private static final int MEMORY_PEAK = 2;
    private static final int MEMORY_FAILURES = 3;
    private static final int OOM_KILLS = 4;
    private static final int CPU_QUOTA = 5;
    private static final int CPU_PERIOD = 6;
    private static final int CPU_STAT = 7;
    private static final int CPU_USAGE = 8;
    private static final int SLOTS = 9;
    /** v1 with a quota reads all nine; v2 five. */
    static final int KEPT = SLOTS;
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "container"));
    /** v1's "unlimited" is the page counter's maximum (LONG_MAX rounded down to a page): anything this large. */
    private static final long V1_UNLIMITED = 1L << 62;
    private static final long MISSING = Long.MIN_VALUE;
    private static final byte[] OOM_KILL = ProcFiles.ascii("oom_kill ");
    private static final byte[] MAX_EVENTS = ProcFiles.ascii("max ");
    private static final byte[] NR_PERIODS = ProcFiles.ascii("nr_periods ");
    private static final byte[] NR_THROTTLED = ProcFiles.ascii("nr_throttled ");
    private static final byte[] THROTTLED_TIME = ProcFiles.ascii("throttled_time ");
    private static final byte[] THROTTLED_USEC = ProcFiles.ascii("throttled_usec ");
    private static final byte[] USAGE_USEC = ProcFiles.ascii("usage_usec ");

    private final File procSelf;
    private final byte[] buf = new byte[4096];
    /** Direct: a FileChannel reads into it with no temporary buffer of its own; copied into buf to parse. */
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(buf.length);
    private final FdHeadroom headroom;
    /** The files' descriptors by slot, opened at their first read when the headroom allows. */
    private final AtomicReferenceArray<FileChannel> channels = new AtomicReferenceArray<>(SLOTS);
    /** The files by slot (null: absent), set at the first poll. */
    private final ProcFile[] paths = new ProcFile[SLOTS];
    private boolean keep;
    private volatile boolean closed;
    private CgroupFiles files;

    public ContainerMeasurement() {
        this(new File("/proc/self"));
    }

    /** For tests: a directory standing for {@code /proc/self} (its mountinfo may name mount points anywhere). */
    ContainerMeasurement(File procSelf) {
        this.procSelf = procSelf;
        this.headroom = new FdHeadroom(procSelf);
    }

    @Override
    public String name() {
        return "container";
    }

    @Override
    public void measure() throws IOException {
        if (files == null) {
            CgroupFiles found = CgroupFiles.of(procSelf);
            if (!found.any()) {
                throw new IOException("this JVM is in no memory or cpu cgroup (no cgroup file system mounted?)");
            }
            files = found;
            paths[MEMORY_USAGE] = found.memoryUsage;
            paths[MEMORY_LIMIT] = found.memoryLimit;
            paths[MEMORY_PEAK] = found.memoryPeak;
            paths[MEMORY_FAILURES] = found.memoryFailures;
            paths[OOM_KILLS] = found.oomKills == found.memoryFailures ? null : found.oomKills; // v2: one file
            paths[CPU_QUOTA] = found.cpuQuota;
            paths[CPU_PERIOD] = found.cpuPeriod;
            paths[CPU_STAT] = found.cpuStat;
            paths[CPU_USAGE] = found.cpuUsage;
            keep = headroom.allows(KEPT);
        }
        Map<String, Number> m = new LinkedHashMap<>(16);
        boolean v2 = "v2".equals(files.memoryVersion);
        long usage = number(MEMORY_USAGE);
        long limit = limit(MEMORY_LIMIT, v2);
        if (usage >= 0) {
            m.put("memory_usage", usage);
        }
        if (limit != MISSING) {
            m.put("memory_limit", limit);
            if (usage >= 0 && limit > 0) {
                m.put("memory_usage_ratio", (double) usage / limit);
            }
        }
        put(m, "memory_peak", number(MEMORY_PEAK));
        if (paths[MEMORY_FAILURES] != null) {
            int len = read(MEMORY_FAILURES);
            if (v2) {
                put(m, "memory_fail_count", keyed(len, MAX_EVENTS));
                put(m, "oom_kill_count", keyed(len, OOM_KILL)); // the same file, memory.events
            } else {
                put(m, "memory_fail_count", len <= 0 ? -1 : ProcFiles.parseLong(buf, 0, len));
            }
        }
        if (paths[OOM_KILLS] != null) { // v1's memory.oom_control
            put(m, "oom_kill_count", keyed(read(OOM_KILLS), OOM_KILL));
        }
        cpu(m);
        Telemetry.execute(EVENT, m, Collections.<String, Object>emptyMap());
    }

    private void cpu(Map<String, Number> m) {
        boolean v2 = "v2".equals(files.cpuVersion);
        if (paths[CPU_QUOTA] != null) {
            int len = read(CPU_QUOTA);
            if (v2) {
                // "max 100000" (no quota) or "20000 100000"
                long quota = len <= 0 ? -1 : ProcFiles.parseLong(buf, 0, len);
                int second = len <= 0 ? -1 : ProcFiles.field(buf, len, 1);
                long period = second < 0 ? -1 : ProcFiles.parseLong(buf, second, len);
                if (quota > 0 && period > 0) {
                    m.put("cpu_quota_cores", (double) quota / period);
                }
            } else if (len > 0 && buf[0] != '-') { // -1: no quota
                long quota = ProcFiles.parseLong(buf, 0, len);
                long period = number(CPU_PERIOD);
                if (quota > 0 && period > 0) {
                    m.put("cpu_quota_cores", (double) quota / period);
                }
            }
        }
        if (paths[CPU_STAT] != null) {
            int len = read(CPU_STAT);
            put(m, "cpu_periods", keyed(len, NR_PERIODS));
            put(m, "cpu_throttled_periods", keyed(len, NR_THROTTLED));
            long throttled = v2 ? keyed(len, THROTTLED_USEC) : keyed(len, THROTTLED_TIME);
            put(m, "cpu_throttled_ns", v2 && throttled >= 0 ? throttled * 1000 : throttled);
            if (v2) {
                long usage = keyed(len, USAGE_USEC);
                put(m, "cpu_usage_ns", usage >= 0 ? usage * 1000 : -1);
            }
        }
        if (!v2) {
            put(m, "cpu_usage_ns", number(CPU_USAGE));
        }
    }

    /** memory.max's "max" and v1's page-counter maximum are no limit: -1; an unreadable limit is unknown: MISSING. */
    private long limit(int slot, boolean v2) {
        int len = read(slot);
        if (len <= 0) {
            return MISSING;
        }
        if (v2 && len >= 3 && buf[0] == 'm' && buf[1] == 'a' && buf[2] == 'x') {
            return -1;
        }
        long n = ProcFiles.parseLong(buf, 0, len);
        return n < 0 ? MISSING : !v2 && n >= V1_UNLIMITED ? -1 : n;
    }

    private static void put(Map<String, Number> m, String key, long value) {
        if (value >= 0) {
            m.put(key, value);
        }
    }

    /** The file's number, or -1 (no file, unreadable, "max"). */
    private long number(int slot) {
        int len = read(slot);
        return len <= 0 ? -1 : ProcFiles.parseLong(buf, 0, len);
    }

    /** The number after {@code key} at a line's start in the buffer's {@code len} bytes, or -1. */
    private long keyed(int len, byte[] key) {
        int at = len <= 0 ? -1 : ProcFiles.afterKey(buf, len, key);
        return at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
    }

    /**
     * The file in {@code slot} from its start into the buffer, its length or -1: a kept descriptor read with
     * one positional read (cgroup files, like /proc ones, are rendered again at offset 0), else opened, read
     * and closed. No lock: a descriptor opened here after {@link #close} began is closed here.
     */
    private int read(int slot) {
        ProcFile f = paths[slot];
        if (f == null) {
            return -1;
        }
        FileChannel c = channels.get(slot);
        try {
            if (c == null) {
                if (!keep || closed) {
                    try (FileChannel once = open(f)) {
                        return fill(once);
                    }
                }
                c = open(f);
                channels.set(slot, c);
                if (closed) {
                    closeQuietly(channels.getAndSet(slot, null));
                    return -1;
                }
            }
            return fill(c);
        } catch (IOException | RuntimeException e) {
            // vanished (the cgroup removed?) or closed by close(): opened again next time unless closed
            if (c != null && channels.compareAndSet(slot, c, null)) {
                closeQuietly(c);
            }
            return -1;
        }
    }

    private static FileChannel open(ProcFile f) throws IOException {
        return FileChannel.open(Paths.get(f.toString()), StandardOpenOption.READ);
    }

    private int fill(FileChannel c) throws IOException {
        bytes.clear();
        int n = c.read(bytes, 0);
        if (n <= 0) {
            return n < 0 ? -1 : 0;
        }
        bytes.flip();
        bytes.get(buf, 0, n);
        return n;
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < SLOTS; i++) {
            closeQuietly(channels.getAndSet(i, null));
        }
    }
}
