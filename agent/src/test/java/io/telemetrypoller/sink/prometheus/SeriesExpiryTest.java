package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.telemetrypoller.TestMaps.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A last value whose source stops reporting it is gone from the scrape 10 periods later; totals stay. */
class SeriesExpiryTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final MetricStore store = new MetricStore("prometheus://test", Collections.<String, String>emptyMap(), 1000);
    private final MetricDefinition queue = Metrics.lastValue("vm.process_info.message_queue_len").tags("name").build();
    private final MetricDefinition jobs = Metrics.counter("app.jobs.count").tags("name").build();
    private final Map<String, Object> a = meta("name", "worker-a");
    private final Map<String, Object> b = meta("name", "worker-b");

    @Test
    void aLastValueNotUpdatedFor10PeriodsIsRemovedAtTheNextScrape() {
        store.record(queue, 3, a);
        store.record(queue, 7, b);
        store.record(jobs, 1, b);
        long t0 = System.nanoTime(); // after worker-b's last update; the later ones come within milliseconds
        assertEquals("jobs_b=1.0 a=3.0 b=7.0", scrape(t0 + SECOND));
        store.record(queue, 4, a);
        assertEquals("jobs_b=1.0 a=4.0 b=7.0", scrape(t0 + 5 * SECOND));
        store.record(queue, 5, a);
        assertEquals("jobs_b=1.0 a=5.0 b=7.0", scrape(t0 + 9 * SECOND), "not yet 10 periods");
        assertEquals(3, store.seriesCount());
        store.record(queue, 6, a);
        assertEquals("jobs_b=1.0 a=6.0 b=7.0", scrape(t0 + 10 * SECOND), "10 periods, but no poll ended: a stalled"
                + " poller expires nothing");
        for (int i = 0; i < MetricStore.EXPIRY_PERIODS; i++) {
            store.pollCompleted();
        }
        assertEquals("jobs_b=1.0 a=6.0", scrape(t0 + 10 * SECOND + 1), "worker-b's last update was 10 periods"
                + " and 10 polls ago");
        assertEquals(2, store.seriesCount());
        assertEquals("jobs_b=1.0 a=6.0", scrape(t0 + 10 * SECOND + 2), "worker-a was last updated after t0 (real time moved on), and seen at the scrape before");
        assertEquals("jobs_b=1.0", scrape(t0 + 11 * SECOND), "worker-a's updates all came at t0 in real time;"
                + " the counter's total stays");
        store.record(queue, 8, b);
        assertEquals("jobs_b=1.0 b=8.0", scrape(t0 + 12 * SECOND), "a source that reports again is back");
    }

    /** The samples of a scrape at {@code now}, compactly. */
    private String scrape(long now) {
        store.expire(now);
        StringBuilder out = new StringBuilder();
        store.render(out);
        StringBuilder compact = new StringBuilder();
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String name = line.startsWith("app_jobs") ? "jobs_" : "";
            String worker = line.contains("worker-a") ? "a" : "b";
            compact.append(compact.length() == 0 ? "" : " ").append(name).append(worker).append('=')
                    .append(line.substring(line.lastIndexOf(' ') + 1));
        }
        return compact.toString();
    }
}
