package io.telemetrypoller.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** top's screen from two feed samples a second apart: the exact layout, sorting, scrolling and help. */
class TopViewTest {
    private static String sample(long seq, long gcCount, long gcTime, long cpuNs, double runQueue,
                                 long q1, long q2, long w1CpuNs) {
        return String.join("\n",
                "top 1 " + seq + " 1000",
                "vm.memory|heap_used 52428800|heap_committed 134217728|heap_max 268435456|non_heap_used 31457280"
                        + "|direct 8192|mapped 0|rss 209715200",
                "vm.memory_pool|used 1048576|@pool Metaspace|@type non_heap",
                "vm.memory_pool|used 20971520|@pool G1 Eden Space|@type heap",
                "vm.total_run_queue_lengths|total " + (runQueue + 70) + "|cpu " + runQueue + "|io 0|virtual 0|platform "
                        + runQueue + "|executors 70",
                "vm.system_counts|thread_count 23|daemon_thread_count 20|peak_thread_count 24|thread_limit 4096"
                        + "|loaded_class_count 3421|unloaded_class_count 2|open_fd_count 54|fd_limit 1024",
                "vm.executor|queued 64|active 2|pool_size 2|@name example-pool|@class java.util.concurrent.ThreadPoolExecutor",
                "top.gc|count " + gcCount + "|time_ms " + gcTime + "|last_ms 7|@collector G1 Young Generation",
                "top.jvm|uptime_ms " + (3722000 + 1000 * seq),
                "top.cpu|process_cpu_time_ns " + cpuNs + "|system_load_average 0.5|available_processors 2",
                "vm.process_info|message_queue_len " + q1 + "|memory 2792|cpu_time_ns " + w1CpuNs
                        + "|@name order-worker-1|@state RUNNABLE",
                "vm.process_info|message_queue_len " + q2 + "|memory 1128|cpu_time_ns 0|@name Mailer-1|@state TIMED_WAITING");
    }

    private static TopView twoSamples() throws Exception {
        TopView view = new TopView("4242", "com.acme.Main", "OpenJDK 64-Bit Server VM 17.0.15", false);
        view.update(TopSample.parse(sample(1, 10, 100, 1_000_000_000L, 0.5, 98, 45, 0)), 10_000);
        view.update(TopSample.parse(sample(2, 12, 106, 1_250_000_000L, 1.0, 97, 50, 20_000_000L)), 11_000);
        return view;
    }

    @Test
    void theSnapshotLayout() throws Exception {
        List<String> expected = Arrays.asList(
                "pid 4242  com.acme.Main  OpenJDK 64-Bit Server VM 17.0.15  up 1:02:04",
                "collectors G1 Young Generation  every 1 s  ? keys  q quit",
                "",
                "MEMORY   heap [########------------....................] 50.0M used, 128M committed, 256M max",
                "         rss 200M  non-heap 30.0M  direct 8.0K  mapped 0B",
                "         pools G1 Eden Space 20.0M, Metaspace 1.0M",
                "",
                "RUN QUEUE  cpu               1  =#",
                "           io                0  __",
                "           virtual           0  __",
                "           executors        70  ##",
                "",
                "THREADS  23 of 4096 (20 daemon, peak 24)   CLASSES 3421 loaded, 2 unloaded   FDS 54 of 1024",
                "GC       2/s, 6 ms/s, longest 7 ms in the last minute   CPU 12.5% of 2 cores (0.25 busy), load 0.5",
                "",
                "WORKERS  2, by queue",
                "  NAME                                               QUEUE   MEMORY   CPU%  STATE",
                "  order-worker-1                                        97     2.7K    2.0  RUNNABLE",
                "  Mailer-1                                              50     1.1K    0.0  TIMED_WAITING",
                "",
                "EXECUTORS  1, by queued",
                "  NAME                                              QUEUED  ACTIVE  POOL  CLASS",
                "  example-pool                                          64       2     2  ThreadPoolExecutor");
        assertEquals(String.join("\n", expected), String.join("\n", twoSamples().render(120, 0, 20)));
    }

    /**
     * The safepoints, allocation, JIT and container lines, where the feed has their events: rates over the
     * second between the samples; allocation from the last two samples that had it (above 1,000 threads
     * the feed reads it every few samples).
     */
    @Test
    void safepointsRuntimeAndContainerLines() throws Exception {
        TopView view = new TopView("4242", "com.acme.Main", "OpenJDK 64-Bit Server VM 17.0.15", false);
        view.update(TopSample.parse(sample(1, 10, 100, 1_000_000_000L, 0.5, 98, 45, 0) + "\n"
                + "vm.safepoints|count 100|time_ns 50000000|sync_time_ns 2000000\n"
                + "vm.runtime|allocated_bytes 1000000000|compilation_time_ms 5000\n"
                + "vm.container|memory_usage 268435456|memory_limit 536870912|memory_usage_ratio 0.5"
                + "|memory_peak 314572800|memory_fail_count 0|oom_kill_count 0|cpu_quota_cores 0.2|cpu_periods 1000"
                + "|cpu_throttled_periods 900|cpu_throttled_ns 80000000000|cpu_usage_ns 20000000000"), 10_000);
        List<String> first = view.render(160, 0, 20);
        assertEquals("SAFEPOINTS -/s, stopped - ms/s   ALLOCATION -/s   JIT - ms/s", first.get(14));
        assertEquals("CONTAINER memory 256M of 512M (50.0%), peak 300M, 0 OOM kills   cpu quota 0.2 cores", first.get(15));

        view.update(TopSample.parse(sample(2, 12, 106, 1_250_000_000L, 1.0, 97, 50, 20_000_000L) + "\n"
                + "vm.safepoints|count 103|time_ns 51500000|sync_time_ns 2100000\n"
                + "vm.runtime|compilation_time_ms 5012\n" // allocated_bytes not read in this sample
                + "vm.container|memory_usage 268435456|memory_limit -1|memory_peak 314572800|oom_kill_count 1"
                + "|cpu_quota_cores 0.2|cpu_periods 1010|cpu_throttled_periods 908|cpu_throttled_ns 80800000000"), 11_000);
        List<String> second = view.render(160, 0, 20);
        assertEquals("SAFEPOINTS 3/s, stopped 1.6 ms/s (0.1 of it reaching them)   ALLOCATION -/s   JIT 12 ms/s", second.get(14));
        assertEquals("CONTAINER memory 256M, no limit, peak 300M, 1 OOM kills   cpu quota 0.2 cores, throttled 80% of periods,"
                + " 800 ms/s", second.get(15));

        view.update(TopSample.parse(sample(3, 12, 106, 1_500_000_000L, 1.0, 97, 50, 20_000_000L) + "\n"
                + "vm.runtime|allocated_bytes 1209715200|compilation_time_ms 5012"), 12_000);
        List<String> third = view.render(160, 0, 20);
        assertEquals("ALLOCATION 100M/s   JIT 0 ms/s", third.get(14), "100 MiB over the 2 s since the last reading");
        assertEquals("", third.get(15), "no container event, no line");
    }

    @Test
    void sortingAndReversingChangeTheOrder() throws Exception {
        TopView view = twoSamples();
        assertEquals(Arrays.asList("order-worker-1", "Mailer-1"), workers(view));
        view.key('s'); // memory
        view.key('s'); // cpu
        view.key('s'); // name
        assertEquals(TopView.Sort.NAME, view.sort());
        assertEquals(Arrays.asList("Mailer-1", "order-worker-1"), workers(view));
        view.key('r');
        assertEquals(Arrays.asList("order-worker-1", "Mailer-1"), workers(view));
        assertTrue(view.render(60, 0, 20).contains("WORKERS  2, by name reversed"));
    }

    @Test
    void aScreenTooShortScrollsTheWorkers() throws Exception {
        TopView view = twoSamples();
        List<String> screen = view.render(80, 20, 0);
        assertEquals(20, screen.size());
        assertEquals("  order-worker-1                            97     2.7K    2.0  RUNNABLE", screen.get(17));
        assertEquals("  rows 1-1 of 2 (j/k, space/b scroll)", screen.get(18));
        view.key('j');
        assertEquals("  Mailer-1                                  50     1.1K    0.0  TIMED_WAITING", view.render(80, 20, 0).get(17));
        view.key('j'); // past the end: stays on the last row
        assertEquals("  rows 2-2 of 2 (j/k, space/b scroll)", view.render(80, 20, 0).get(18));
        for (String line : view.render(30, 20, 0)) {
            assertTrue(line.length() <= 30, line);
        }
    }

    @Test
    void aWorkersLastMemoryFigureStaysUntilTheNext() throws Exception {
        TopView view = twoSamples();
        view.update(TopSample.parse(sample(3, 12, 106, 1_500_000_000L, 1.0, 90, 50, 20_000_000L)
                .replace("|memory 2792", "").replace("|memory 1128", "")), 12_000);
        List<String> screen = view.render(120, 0, 20);
        assertTrue(screen.contains("  order-worker-1                                        90     2.7K    0.0  RUNNABLE"),
                String.join("\n", screen));
    }

    @Test
    void helpAndQuit() throws Exception {
        TopView view = twoSamples();
        view.key('?');
        assertEquals("KEYS", view.render(100, 0, 20).get(3));
        view.key('?');
        assertEquals("MEMORY", view.render(100, 0, 20).get(3).substring(0, 6));
        assertTrue(view.key('x'));
        assertFalse(view.key('q'));
    }

    @Test
    void aFeedOfAnotherVersionIsRefused() {
        assertThrows(java.io.IOException.class, () -> TopSample.parse("top 2 1 1000\n"));
        assertThrows(java.io.IOException.class, () -> TopSample.parse("nonsense"));
        assertThrows(java.io.IOException.class, () -> TopSample.parse("top 1 1 1000\nvm.memory|heap_used lots"));
    }

    @Test
    void formats() {
        assertEquals("512B", TopView.bytes(512));
        assertEquals("41.2M", TopView.bytes(43_200_000));
        assertEquals("128M", TopView.bytes(134_217_728));
        assertEquals("0.087", TopView.number(0.087));
        assertEquals("70", TopView.number(70));
        assertEquals("[##--..]", TopView.bar(2, 4, 6, 6));
    }

    private static List<String> workers(TopView view) {
        List<String> screen = view.render(60, 0, 20);
        int header = -1;
        for (int i = 0; i < screen.size() && header < 0; i++) {
            header = screen.get(i).startsWith("WORKERS") ? i + 1 : -1;
        }
        return Arrays.asList(screen.get(header + 1).trim().split(" ")[0], screen.get(header + 2).trim().split(" ")[0]);
    }
}
