package io.telemetrypoller.sink.prometheus;

import static io.telemetrypoller.TestMaps.meta;

import static io.telemetrypoller.TestMaps.numbers;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusSinkTest {
    private static final Map<String, Object> NONE = Collections.emptyMap();
    private PrometheusSink sink;

    @AfterEach
    void close() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void anIpv6HostIsShownInBrackets() {
        assertEquals("[::1]", PrometheusSink.bracketed("::1"));
        assertEquals("[::1]", PrometheusSink.bracketed("[::1]"));
        assertEquals("127.0.0.1", PrometheusSink.bracketed("127.0.0.1"));
        assertEquals("localhost", PrometheusSink.bracketed("localhost"));
    }

    @Test
    void goldenTextOfTheZeroConfigMetrics() throws IOException {
        sink = start(Collections.<MetricDefinition>emptyList(), Collections.<String, String>emptyMap());
        sink.accept(Arrays.asList("vm", "memory"), numbers("total", 49670008L, "heap_used", 1024L), NONE);
        sink.accept(Arrays.asList("vm", "memory_pool"), numbers("used", 4194304L, "max", -1L),
                meta("pool", "G1 Eden Space", "type", "heap"));
        sink.accept(Arrays.asList("vm", "memory_pool"), numbers("used", 100L, "max", 500L),
                meta("pool", "Metaspace", "type", "non_heap"));
        sink.accept(Arrays.asList("vm", "total_run_queue_lengths"), numbers("total", 2, "cpu", 1), NONE);
        sink.accept(Arrays.asList("vm", "gc"), numbers("count", 3L, "time_ms", 1500L), meta("collector", "G1 Young Generation"));
        sink.accept(Arrays.asList("vm", "cpu"), numbers("process_cpu_load", Double.NaN), NONE);
        assertEquals(String.join("\n",
                "# HELP vm_cpu_process_cpu_load last_value of vm.cpu.process_cpu_load",
                "# TYPE vm_cpu_process_cpu_load gauge",
                "vm_cpu_process_cpu_load NaN",
                "# HELP vm_gc_count_value last_value of vm.gc.count",
                "# TYPE vm_gc_count_value gauge",
                "vm_gc_count_value{collector=\"G1 Young Generation\"} 3.0",
                "# HELP vm_gc_time_seconds last_value of vm.gc.time_ms (millisecond)",
                "# TYPE vm_gc_time_seconds gauge",
                "vm_gc_time_seconds{collector=\"G1 Young Generation\"} 1.5",
                "# HELP vm_memory_heap_used_bytes last_value of vm.memory.heap_used (byte)",
                "# TYPE vm_memory_heap_used_bytes gauge",
                "vm_memory_heap_used_bytes 1024.0",
                "# HELP vm_memory_pool_max_bytes last_value of vm.memory_pool.max (byte)",
                "# TYPE vm_memory_pool_max_bytes gauge",
                "vm_memory_pool_max_bytes{pool=\"G1 Eden Space\",type=\"heap\"} -1.0",
                "vm_memory_pool_max_bytes{pool=\"Metaspace\",type=\"non_heap\"} 500.0",
                "# HELP vm_memory_pool_used_bytes last_value of vm.memory_pool.used (byte)",
                "# TYPE vm_memory_pool_used_bytes gauge",
                "vm_memory_pool_used_bytes{pool=\"G1 Eden Space\",type=\"heap\"} 4194304.0",
                "vm_memory_pool_used_bytes{pool=\"Metaspace\",type=\"non_heap\"} 100.0",
                "# HELP vm_memory_total_bytes last_value of vm.memory.total (byte)",
                "# TYPE vm_memory_total_bytes gauge",
                "vm_memory_total_bytes 4.9670008E7",
                "# HELP vm_total_run_queue_lengths_cpu last_value of vm.total_run_queue_lengths.cpu",
                "# TYPE vm_total_run_queue_lengths_cpu gauge",
                "vm_total_run_queue_lengths_cpu 1.0",
                "# HELP vm_total_run_queue_lengths_total_value last_value of vm.total_run_queue_lengths.total",
                "# TYPE vm_total_run_queue_lengths_total_value gauge",
                "vm_total_run_queue_lengths_total_value 2.0",
                ""), sink.render());
    }

    @Test
    void goldenTextOfEveryType() throws IOException {
        List<MetricDefinition> metrics = Arrays.asList(
                Metrics.counter("vm.gc.pause.count").eventName("vm", "gc", "pause").tags("collector")
                        .description("GC pauses\\n \"seen\"\nby the agent").build(),
                Metrics.sum("app.io.bytes").unit("byte").build(),
                Metrics.lastValue("vm.memory.total").unit("byte", "megabyte").build(),
                Metrics.summary("vm.gc.pause.duration_ms").unit("millisecond").buckets(1, 10, 100).build(),
                Metrics.distribution("app.job.stop.duration").unit("native", "millisecond").build());
        sink = start(metrics, Collections.singletonMap("env", "prod"));
        sink.accept(Arrays.asList("vm", "gc", "pause"), numbers("duration_ms", 4), meta("collector", "G1 \"Young\"\\x"));
        sink.accept(Arrays.asList("vm", "gc", "pause"), numbers("duration_ms", 40), meta("collector", "G1 \"Young\"\\x"));
        sink.accept(Arrays.asList("vm", "gc", "pause"), numbers("duration_ms", 400), meta("env", "test"));
        sink.accept(Arrays.asList("app", "io"), numbers("bytes", 512), NONE);
        sink.accept(Arrays.asList("app", "io"), numbers("bytes", 100), NONE);
        sink.accept(Arrays.asList("vm", "memory"), numbers("total", 49670008L), NONE);
        sink.accept(Arrays.asList("app", "job", "stop"), numbers("duration", 20_000_000L), NONE);
        assertEquals(String.join("\n",
                "# HELP app_io_bytes_total sum of app.io.bytes (byte)",
                "# TYPE app_io_bytes_total counter",
                "app_io_bytes_total{env=\"prod\"} 612.0",
                "# HELP app_job_stop_duration_seconds distribution of app.job.stop.duration (millisecond)",
                "# TYPE app_job_stop_duration_seconds histogram",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.005\"} 0",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.01\"} 0",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.025\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.05\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.1\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.25\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"0.5\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"1.0\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"2.5\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"5.0\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"10.0\"} 1",
                "app_job_stop_duration_seconds_bucket{env=\"prod\",le=\"+Inf\"} 1",
                "app_job_stop_duration_seconds_sum{env=\"prod\"} 0.02",
                "app_job_stop_duration_seconds_count{env=\"prod\"} 1",
                "# HELP vm_gc_pause_count_total GC pauses\\\\n \"seen\"\\nby the agent",
                "# TYPE vm_gc_pause_count_total counter",
                "vm_gc_pause_count_total{collector=\"G1 \\\"Young\\\"\\\\x\",env=\"prod\"} 2.0",
                "vm_gc_pause_count_total{env=\"prod\"} 1.0",
                "# HELP vm_gc_pause_duration_seconds summary of vm.gc.pause.duration_ms (millisecond)",
                "# TYPE vm_gc_pause_duration_seconds histogram",
                "vm_gc_pause_duration_seconds_bucket{env=\"prod\",le=\"0.001\"} 0",
                "vm_gc_pause_duration_seconds_bucket{env=\"prod\",le=\"0.01\"} 1",
                "vm_gc_pause_duration_seconds_bucket{env=\"prod\",le=\"0.1\"} 2",
                "vm_gc_pause_duration_seconds_bucket{env=\"prod\",le=\"+Inf\"} 3",
                "vm_gc_pause_duration_seconds_sum{env=\"prod\"} 0.444",
                "vm_gc_pause_duration_seconds_count{env=\"prod\"} 3",
                "# HELP vm_memory_total_bytes last_value of vm.memory.total (megabyte)",
                "# TYPE vm_memory_total_bytes gauge",
                "vm_memory_total_bytes{env=\"prod\"} 4.9670008E7",
                ""), sink.render());
    }

    @Test
    void servesTheTextOverHttp() throws Exception {
        sink = start(Collections.<MetricDefinition>emptyList(), Collections.<String, String>emptyMap());
        sink.accept(Arrays.asList("vm", "memory"), numbers("total", 7L), NONE);
        assertTrue(sink.awaitStarted(10_000));
        HttpURLConnection c = get("/metrics");
        assertEquals(200, c.getResponseCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", c.getContentType());
        assertEquals(sink.render(), read(c.getInputStream()));
        long deadline = System.nanoTime() + 5_000_000_000L; // counted once the exchange closes, after the body
        while (sink.sent() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, sink.sent());
        HttpURLConnection other = get("/");
        assertEquals(404, other.getResponseCode());
        assertTrue(sink.description().startsWith("prometheus://127.0.0.1:"), sink.description());
        assertTrue(sink.description().endsWith(":" + sink.port()), sink.description());
    }

    @Test
    void aPortInUseFailsWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class, () -> PrometheusSink.start("prometheus://127.0.0.1:"
                    + taken.getLocalPort(), "127.0.0.1", taken.getLocalPort(),
                    MetricIndex.of(Collections.<MetricDefinition>emptyList()), Collections.<String, String>emptyMap()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0);
        }
    }

    @Test
    void definedMetricsWithTheSameNameAreRejected() {
        io.telemetrypoller.config.ConfigException e = assertThrows(io.telemetrypoller.config.ConfigException.class,
                () -> MetricStore.checkNames(Arrays.asList(Metrics.lastValue("vm.memory.total").unit("byte").build(),
                        Metrics.lastValue("vm.memory.total").unit("byte", "megabyte").build())));
        assertEquals("metrics 'vm.memory.total' (last_value) and 'vm.memory.total' (last_value) would both be"
                + " exposed to Prometheus as vm_memory_total_bytes", e.getMessage());
    }

    @Test
    void seriesAreBounded() throws IOException {
        sink = start(Arrays.asList(Metrics.lastValue("a.b").tags("id").build()), Collections.<String, String>emptyMap());
        for (int i = 0; i < MetricStore.MAX_SERIES + 3; i++) {
            sink.accept(Arrays.asList("a"), numbers("b", i), meta("id", i));
        }
        String text = sink.render();
        assertEquals(MetricStore.MAX_SERIES + 2, text.split("\n").length);
    }

    private PrometheusSink start(List<MetricDefinition> metrics, Map<String, String> tags) throws IOException {
        return PrometheusSink.start("prometheus://127.0.0.1:0", "127.0.0.1", 0, MetricIndex.of(metrics), tags);
    }

    private HttpURLConnection get(String path) throws IOException {
        return (HttpURLConnection) new URL("http://127.0.0.1:" + sink.port() + path).openConnection();
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        in.close();
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }


}
