package io.telemetrypoller.measurement;

import io.telemetrypoller.proc.FakeProc;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import static io.telemetrypoller.TestMaps.meta;

import static io.telemetrypoller.TestMaps.numbers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryMeasurementTest {
    @TempDir
    File procSelf;

    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "memory"), name("vm", "memory_pool"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void emitsTotalsAndOneEventPerPool() throws IOException {
        Files.write(new File(procSelf, "status").toPath(), ("Name:\tjava\nVmPeak:\t 4000 kB\n"
                + "VmRSS:\t   60416 kB\nRssAnon:\t 50000 kB\n").getBytes(StandardCharsets.US_ASCII));
        MemoryMXBean memory = FakeBeans.of(MemoryMXBean.class,
                "getHeapMemoryUsage", new MemoryUsage(0, 41_000, 264_000, 4_000_000),
                "getNonHeapMemoryUsage", new MemoryUsage(0, 17_000, 18_000, -1));
        List<MemoryPoolMXBean> pools = Arrays.asList(
                pool("G1 Eden Space", MemoryType.HEAP, new MemoryUsage(0, 100, 200, -1), new MemoryUsage(0, 0, 200, -1)),
                pool("Metaspace", MemoryType.NON_HEAP, new MemoryUsage(0, 300, 400, 500)),
                pool("Removed Pool", MemoryType.HEAP, null));
        List<BufferPoolMXBean> buffers = Arrays.asList(
                buffer("mapped - 'non-volatile memory'", 999), buffer("direct", 8192), buffer("mapped", 4096));

        new MemoryMeasurement(memory, pools, buffers, procSelf).measure();

        List<EventRecorder.Event> events = recorder.events();
        assertEquals(3, events.size(), events.toString());
        EventRecorder.Event vm = events.get(0);
        assertEquals(name("vm", "memory"), vm.name);
        assertEquals(Arrays.asList("total", "heap_used", "heap_committed", "heap_max", "non_heap_used",
                "non_heap_committed", "direct", "mapped", "rss"), vm.keys());
        // heap_used sums the heap pools (Eden's 100; the removed pool has no usage), not the lagging summary
        // non_heap_* sum the non-heap pools (Metaspace's 300/400), as the JVM's own summary does
        assertEquals(numbers("total", 264_000L + 400 + 8192 + 4096, "heap_used", 100L,
                "heap_committed", 264_000L, "heap_max", 4_000_000L, "non_heap_used", 300L,
                "non_heap_committed", 400L, "direct", 8192L, "mapped", 4096L, "rss", 60416L * 1024),
                vm.measurements);
        assertEquals(Collections.emptyMap(), vm.metadata);

        EventRecorder.Event eden = events.get(1);
        assertEquals(name("vm", "memory_pool"), eden.name);
        assertEquals(Arrays.asList("used", "committed", "max", "used_after_last_gc"), eden.keys());
        assertEquals(numbers("used", 100L, "committed", 200L, "max", -1L, "used_after_last_gc", 0L), eden.measurements);
        assertEquals(meta("pool", "G1 Eden Space", "type", "heap"), eden.metadata);
        assertEquals(Arrays.asList("pool", "type"), Arrays.asList(eden.metadata.keySet().toArray()));

        EventRecorder.Event metaspace = events.get(2);
        assertEquals(numbers("used", 300L, "committed", 400L, "max", 500L), metaspace.measurements);
        assertEquals(meta("pool", "Metaspace", "type", "non_heap"), metaspace.metadata);
    }

    @Test
    void rssIsStatmsResidentPagesTimesThePageSizeOfTheAuxiliaryVector() throws IOException {
        Files.write(new File(procSelf, "statm").toPath(), "51234 1500 300 1 0 4000 0\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(new File(procSelf, "status").toPath(), "VmRSS:\t 1 kB\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer auxv = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        auxv.putLong(33).putLong(0x7fff0000L); // AT_SYSINFO_EHDR
        auxv.putLong(6).putLong(16384);         // AT_PAGESZ
        auxv.putLong(0).putLong(0);             // AT_NULL
        Files.write(new File(procSelf, "auxv").toPath(), Arrays.copyOf(auxv.array(), auxv.position()));
        MemoryMXBean memory = FakeBeans.of(MemoryMXBean.class, "getHeapMemoryUsage", new MemoryUsage(0, 1, 2, -1),
                "getNonHeapMemoryUsage", new MemoryUsage(0, 3, 4, -1));

        new MemoryMeasurement(memory, Collections.<MemoryPoolMXBean>emptyList(),
                Collections.<BufferPoolMXBean>emptyList(), procSelf).measure();

        assertEquals(1500L * 16384, recorder.single().measurements.get("rss"));
    }

    @Test
    void statmsDescriptorIsKeptBetweenPollsReadFromItsStartAndClosedWithTheMeasurement() throws IOException {
        FakeProc proc = new FakeProc(procSelf).fdLimit(1024).openFds(10);
        File statm = new File(proc.self, "statm");
        Files.write(statm.toPath(), "51234 1500 300 1 0 4000 0\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer auxv = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        auxv.putLong(6).putLong(4096).putLong(0).putLong(0);
        Files.write(new File(proc.self, "auxv").toPath(), auxv.array());
        MemoryMXBean memory = FakeBeans.of(MemoryMXBean.class, "getHeapMemoryUsage", new MemoryUsage(0, 1, 2, -1),
                "getNonHeapMemoryUsage", new MemoryUsage(0, 3, 4, -1));
        MemoryMeasurement m = new MemoryMeasurement(memory, Collections.<MemoryPoolMXBean>emptyList(),
                Collections.<BufferPoolMXBean>emptyList(), proc.self);

        m.measure();
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere(), "a first read keeps nothing");
        m.measure();
        assertEquals(Collections.singletonList("statm"), proc.descriptorsOpenHere());
        // procfs renders statm anew on each read: the kept descriptor reads from the start each poll
        Files.write(statm.toPath(), "51234 2\n".getBytes(StandardCharsets.US_ASCII));
        m.measure();
        assertEquals(Arrays.asList(1500L * 4096, 1500L * 4096, 2L * 4096), recorder.events().stream()
                .map(e -> e.measurements.get("rss")).collect(java.util.stream.Collectors.toList()));

        m.close();
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());
    }

    @Test
    void aPageSizeThatIsNotAPowerOfTwoIsNotTrusted() throws IOException {
        ByteBuffer auxv = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putLong(6).putLong(3000).putLong(0).putLong(0);
        Files.write(new File(procSelf, "auxv").toPath(), auxv.array());
        assertEquals(0, MemoryMeasurement.pageSize(new File(procSelf, "auxv").getPath(), new byte[4096]));
        assertEquals(0, MemoryMeasurement.pageSize(new File(procSelf, "absent").getPath(), new byte[4096]));
    }

    @Test
    void onTheRealJvmThePageSizeIsFound() {
        assertTrue(MemoryMeasurement.pageSize("/proc/self/auxv", new byte[4096]) >= 4096);
    }

    @Test
    void withoutProcNoRssAndMissingBufferPoolsAreZero() {
        MemoryMXBean memory = FakeBeans.of(MemoryMXBean.class,
                "getHeapMemoryUsage", new MemoryUsage(0, 1, 2, -1),
                "getNonHeapMemoryUsage", new MemoryUsage(0, 3, 4, -1));

        new MemoryMeasurement(memory, Collections.<MemoryPoolMXBean>emptyList(),
                Collections.<BufferPoolMXBean>emptyList(), new File(procSelf, "absent")).measure();

        EventRecorder.Event vm = recorder.single();
        assertEquals(numbers("total", 6L, "heap_used", 1L, "heap_committed", 2L, "heap_max", -1L,
                "non_heap_used", 3L, "non_heap_committed", 4L, "direct", 0L, "mapped", 0L), vm.measurements);
    }

    @Test
    void onTheRealJvmTotalIsWhatIsCommittedPlusBuffersAndEveryPoolIsReported() {
        new MemoryMeasurement().measure();
        List<EventRecorder.Event> events = recorder.events();
        EventRecorder.Event vm = events.get(0);
        Map<String, Number> m = vm.measurements;
        assertEquals(Arrays.asList("total", "heap_used", "heap_committed", "heap_max", "non_heap_used",
                "non_heap_committed", "direct", "mapped", "rss"), vm.keys());
        assertEquals(m.get("heap_committed").longValue() + m.get("non_heap_committed").longValue()
                + m.get("direct").longValue() + m.get("mapped").longValue(), m.get("total").longValue());
        assertEquals(java.lang.management.ManagementFactory.getMemoryPoolMXBeans().size(), events.size() - 1);
        for (EventRecorder.Event pool : events.subList(1, events.size())) {
            assertEquals(name("vm", "memory_pool"), pool.name);
            // a pool a collector manages (G1's heap pools) also has its usage after the last collection
            assertEquals("heap".equals(pool.metadata.get("type")) ? Arrays.asList("used", "committed", "max", "used_after_last_gc")
                    : Arrays.asList("used", "committed", "max"), pool.keys(), pool.toString());
            assertTrue(Arrays.asList("heap", "non_heap").contains(pool.metadata.get("type")), pool.toString());
        }
    }

    static MemoryPoolMXBean pool(String name, MemoryType type, MemoryUsage usage) {
        return pool(name, type, usage, null);
    }

    static MemoryPoolMXBean pool(String name, MemoryType type, MemoryUsage usage, MemoryUsage afterLastGc) {
        return FakeBeans.of(MemoryPoolMXBean.class, "getName", name, "getType", type, "getUsage", usage,
                "getCollectionUsage", afterLastGc);
    }

    static BufferPoolMXBean buffer(String name, long used) {
        return FakeBeans.of(BufferPoolMXBean.class, "getName", name, "getMemoryUsed", used);
    }


}
