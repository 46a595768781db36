package io.telemetrypoller.measurement;

import io.telemetrypoller.proc.FdHeadroom;
import io.telemetrypoller.proc.KeptFiles;
import io.telemetrypoller.proc.ProcFile;
import io.telemetrypoller.proc.ProcFiles;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import java.io.File;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code memory}, Erlang's {@code erlang:memory()}: the JVM's memory in bytes (all values are longs).
 * Each poll emits one {@code [vm, memory]} event and one {@code [vm, memory_pool]} per memory pool:
 *
 * <pre>{@code
 * [vm, memory] {total=283115520, heap_used=41943040, heap_committed=264241152, heap_max=4125097984,
 *               non_heap_used=17301504, non_heap_committed=18874368, direct=8192, mapped=0,
 *               rss=61865984} {}
 * [vm, memory_pool] {used=4194304, committed=27262976, max=-1, used_after_last_gc=0} {pool=G1 Eden Space, type=heap}
 * }</pre>
 *
 * <p>{@code total} is what the JVM has allocated: heap_committed + non_heap_committed + direct + mapped
 * (Erlang's total is likewise memory allocated, not in use). {@code direct} and {@code mapped} are the
 * bytes used by the {@code direct} and {@code mapped} buffer pools (0 when a pool is absent). {@code rss}
 * is the resident set (VmRSS) from {@code /proc/self/statm}, Linux only: the key is absent elsewhere. A {@code max} of -1
 * means the pool has no defined maximum. Cost: about 3 us for the beans, plus about 3 us for the rss.
 *
 * <p>Thread rules: {@link #measure} from one poller thread only (it reuses a read buffer).
 */
public final class MemoryMeasurement implements Measurement {
    private static final List<String> MEMORY = Collections.unmodifiableList(Arrays.asList("vm", "memory"));
    private static final List<String> POOL = Collections.unmodifiableList(Arrays.asList("vm", "memory_pool"));
    private static final byte[] VM_RSS = ProcFiles.ascii("VmRSS:");
    private static final long AT_NULL = 0;
    private static final long AT_PAGESZ = 6;

    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> pools;
    private final MemoryUsage[] poolUsage; // read once per poll, reused
    private final List<Map<String, Object>> poolMetadata;
    private final BufferPoolMXBean direct;
    private final BufferPoolMXBean mapped;
    private final boolean[] heapPool;
    private final String statusPath;
    private final ProcFile statm;
    private final KeptFiles kept; // statm's descriptor, kept between polls (within the fd headroom)
    private final long pageSize; // 0: read VmRSS from status instead of statm
    private final byte[] buf = new byte[4096];

    public MemoryMeasurement() {
        this(ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans(),
                ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class), new File("/proc/self"));
    }

    /** For tests: the beans, and a directory standing for {@code /proc/self}. */
    MemoryMeasurement(MemoryMXBean memory, List<MemoryPoolMXBean> pools, List<BufferPoolMXBean> buffers,
                      File procSelf) {
        this.memory = memory;
        this.pools = new ArrayList<>(pools);
        List<Map<String, Object>> metadata = new ArrayList<>(pools.size());
        for (MemoryPoolMXBean pool : pools) {
            Map<String, Object> m = new LinkedHashMap<>(4);
            m.put("pool", pool.getName());
            m.put("type", pool.getType() == MemoryType.HEAP ? "heap" : "non_heap");
            metadata.add(Collections.unmodifiableMap(m));
        }
        this.poolMetadata = metadata;
        this.poolUsage = new MemoryUsage[pools.size()];
        this.heapPool = new boolean[pools.size()];
        for (int i = 0; i < heapPool.length; i++) {
            heapPool[i] = pools.get(i).getType() == MemoryType.HEAP;
        }
        this.direct = buffer(buffers, "direct");
        this.mapped = buffer(buffers, "mapped");
        this.statusPath = new File(procSelf, "status").getPath();
        this.statm = new ProcFile(new File(procSelf, "statm").getPath());
        this.kept = new KeptFiles(buf, new FdHeadroom(procSelf), 1);
        this.pageSize = pageSize(new File(procSelf, "auxv").getPath(), buf);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void measure() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        // G1's heap summary lags its pools (0 used right after start): sum the heap pools instead. The
        // non-heap summary is by definition the sum of the non-heap pools (HotSpot adds them up), so it is
        // summed here from the pools already read rather than asked for again (45 us a poll, cold).
        long heapPoolsUsed = 0;
        boolean heapPools = false;
        long nonHeapUsed = 0;
        long nonHeapCommitted = 0;
        boolean nonHeapPools = false;
        for (int i = 0; i < pools.size(); i++) {
            MemoryUsage usage = pools.get(i).getUsage();
            poolUsage[i] = usage;
            if (usage == null) {
                continue;
            }
            if (heapPool[i]) {
                heapPoolsUsed += usage.getUsed();
                heapPools = true;
            } else {
                nonHeapUsed += usage.getUsed();
                nonHeapCommitted += usage.getCommitted();
                nonHeapPools = true;
            }
        }
        if (!nonHeapPools) {
            MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
            nonHeapUsed = nonHeap.getUsed();
            nonHeapCommitted = nonHeap.getCommitted();
        }
        long directUsed = used(direct);
        long mappedUsed = used(mapped);
        Map<String, Number> m = new LinkedHashMap<>(16);
        m.put("total", heap.getCommitted() + nonHeapCommitted + directUsed + mappedUsed);
        m.put("heap_used", heapPools ? heapPoolsUsed : heap.getUsed());
        m.put("heap_committed", heap.getCommitted());
        m.put("heap_max", heap.getMax());
        m.put("non_heap_used", nonHeapUsed);
        m.put("non_heap_committed", nonHeapCommitted);
        m.put("direct", directUsed);
        m.put("mapped", mappedUsed);
        long rss = rss();
        if (rss >= 0) {
            m.put("rss", rss);
        }
        Telemetry.execute(MEMORY, m, Collections.<String, Object>emptyMap());

        for (int i = 0; i < pools.size(); i++) {
            MemoryUsage usage = poolUsage[i];
            poolUsage[i] = null;
            if (usage == null) {
                continue; // the pool was removed from the JVM (isValid() false)
            }
            Map<String, Number> p = new LinkedHashMap<>(6);
            p.put("used", usage.getUsed());
            p.put("committed", usage.getCommitted());
            p.put("max", usage.getMax());
            MemoryUsage afterGc = pools.get(i).getCollectionUsage(); // null for a pool no collector manages
            if (afterGc != null) {
                p.put("used_after_last_gc", afterGc.getUsed());
            }
            Telemetry.execute(POOL, p, poolMetadata.get(i));
        }
    }

    /**
     * The resident set in bytes, or -1 where there is no {@code /proc}. From {@code statm} (resident pages,
     * the same count as status's VmRSS) times the page size: the kernel renders statm in about a sixth of
     * the time it takes for the 55 lines of status (23 against 124 us, one poll a second); its descriptor
     * is kept between polls, as the run queue's are ({@link KeptFiles}: one open, read and close less).
     */
    private long rss() {
        if (pageSize > 0) {
            kept.startPoll();
            int len = kept.read(statm);
            int at = len < 0 ? -1 : ProcFiles.field(buf, len, 1);
            long pages = at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
            if (pages >= 0) {
                return pages * pageSize;
            }
        }
        int len = ProcFiles.read(statusPath, buf);
        int at = len < 0 ? -1 : ProcFiles.afterKey(buf, len, VM_RSS);
        long kib = at < 0 ? -1 : ProcFiles.parseLong(buf, at, len);
        return kib < 0 ? -1 : kib * 1024; // the kernel writes "kB" and means KiB
    }

    /**
     * The page size from the auxiliary vector the kernel gave the process ({@code AT_PAGESZ} in
     * {@code /proc/self/auxv}: pairs of native words, ended by {@code AT_NULL}); 0 if unknown.
     */
    static long pageSize(String auxvPath, byte[] buf) {
        int len = ProcFiles.read(auxvPath, buf);
        boolean words32 = "32".equals(System.getProperty("sun.arch.data.model"));
        ByteBuffer auxv = ByteBuffer.wrap(buf, 0, Math.max(0, len)).order(ByteOrder.nativeOrder());
        while (auxv.remaining() >= (words32 ? 8 : 16)) {
            long type = words32 ? auxv.getInt() & 0xFFFFFFFFL : auxv.getLong();
            long value = words32 ? auxv.getInt() & 0xFFFFFFFFL : auxv.getLong();
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_PAGESZ) {
                return value > 0 && Long.bitCount(value) == 1 ? value : 0;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        kept.close();
    }

    private static BufferPoolMXBean buffer(List<BufferPoolMXBean> buffers, String name) {
        for (BufferPoolMXBean b : buffers) {
            if (name.equals(b.getName())) {
                return b;
            }
        }
        return null;
    }

    private static long used(BufferPoolMXBean pool) {
        return pool == null ? 0 : Math.max(0, pool.getMemoryUsed());
    }
}
