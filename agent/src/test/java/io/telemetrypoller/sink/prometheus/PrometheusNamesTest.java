package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusNamesTest {
    @Test
    void dotsBecomeUnderscoresAndUnitsAddTheirBaseUnit() {
        assertEquals("vm_memory_total_bytes", family(Metrics.lastValue("vm.memory.total").unit("byte")));
        assertEquals("vm_memory_total_bytes", family(Metrics.lastValue("vm.memory.total").unit("byte", "megabyte")));
        assertEquals("vm_memory_total_value", family(Metrics.lastValue("vm.memory.total")));
        assertEquals("app_queue_wait_seconds", family(Metrics.summary("app.queue.wait").unit("native", "millisecond")));
        assertEquals("http_requests_request", family(Metrics.lastValue("http.requests").unit("request")));
    }

    @Test
    void anAbbreviatedUnitIsReplaced() {
        assertEquals("vm_gc_time_seconds", family(Metrics.lastValue("vm.gc.time_ms").unit("millisecond")));
        assertEquals("vm_cpu_process_cpu_time_seconds",
                family(Metrics.lastValue("vm.cpu.process_cpu_time_ns").unit("nanosecond")));
        assertEquals("app_heap_bytes", family(Metrics.lastValue("app.heap_mb").unit("megabyte")));
        assertEquals("app_size_bytes", family(Metrics.lastValue("app.size_bytes").unit("byte")));
        assertEquals("app_wait_seconds", family(Metrics.lastValue("app.wait_seconds").unit("second")));
    }

    @Test
    void countersEndInTotalAndOthersNever() {
        assertEquals("vm_gc_pause_total", family(Metrics.counter("vm.gc.pause")));
        assertEquals("app_io_bytes_total", family(Metrics.sum("app.io").unit("byte")));
        assertEquals("app_requests_total", family(Metrics.counter("app.requests.total")));
        assertEquals("vm_total_run_queue_lengths_total_value", family(Metrics.lastValue("vm.total_run_queue_lengths.total")));
        assertEquals("vm_gc_count_value", family(Metrics.lastValue("vm.gc.count")));
        assertEquals("app_x_sum_value", family(Metrics.distribution("app.x.sum")));
        assertEquals("app_x_bucket_value", family(Metrics.lastValue("app.x.bucket")));
    }

    @Test
    void labels() {
        assertEquals("pool", PrometheusNames.label("pool"));
        assertEquals("pool_name", PrometheusNames.label("pool.name"));
        assertEquals("_1st", PrometheusNames.label("1st"));
        assertEquals("_reserved", PrometheusNames.label("__reserved"));
        assertEquals("le_", PrometheusNames.label("le"));
        assertEquals("quantile_", PrometheusNames.label("quantile"));
    }

    private static String family(io.telemetrypoller.metrics.MetricDefinition.Builder b) {
        return PrometheusNames.family(b.build());
    }
}
