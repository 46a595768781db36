package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.telemetrypoller.TestMaps.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An event finds its series by reading its metadata in place (SeriesLookup): the same tags in any map
 * order, of any map type, are one series; a different value, key or number of tags is another.
 */
class SeriesIdentityTest {
    private static final List<String> EVENT = Arrays.asList("app", "request", "stop");

    private final MetricStore store = new MetricStore("prometheus://test", meta2("region", "eu"), 1000);
    private final MetricIndex zeroConfig = MetricIndex.of(Collections.<MetricDefinition>emptyList());

    @Test
    void zeroConfigTagsInAnyOrderAreOneSeries() {
        record(1, meta("route", "/orders", "status", 200));
        record(2, meta("status", 200, "route", "/orders"));
        Map<String, Object> hashed = new HashMap<>(meta("route", "/orders", "status", 200));
        record(3, hashed);
        record(4, new TreeMap<>(hashed));
        assertEquals("app_request_stop_items{route=\"/orders\",status=\"200\",region=\"eu\"} 4.0\n", samples());
        assertEquals(1, store.seriesCount());
    }

    @Test
    void aDifferentValueKeyOrTagCountIsAnotherSeries() {
        record(1, meta("route", "/orders", "status", 200));
        record(2, meta("route", "/orders", "status", 500));
        record(3, meta("route", "/orders", "code", 200));
        record(4, meta("route", "/orders"));
        record(5, meta("route", "/orders", "status", 200, "shard", 1));
        record(6, meta("route", "/orders", "status", 200, "span", new Object())); // not a tag: series 1
        record(7, meta());
        assertEquals("app_request_stop_items{code=\"200\",route=\"/orders\",region=\"eu\"} 3.0\n"
                + "app_request_stop_items{region=\"eu\"} 7.0\n"
                + "app_request_stop_items{route=\"/orders\",region=\"eu\"} 4.0\n"
                + "app_request_stop_items{route=\"/orders\",shard=\"1\",status=\"200\",region=\"eu\"} 5.0\n"
                + "app_request_stop_items{route=\"/orders\",status=\"200\",region=\"eu\"} 6.0\n"
                + "app_request_stop_items{route=\"/orders\",status=\"500\",region=\"eu\"} 2.0\n", samples());
        assertEquals(6, store.seriesCount());
    }

    @Test
    void aDefinedMetricsTagsComeFromTheMetadataElseTheGlobalTags() {
        MetricDefinition m = Metrics.lastValue("app.request.stop.duration").tags("route", "region").build();
        store.record(m, 1, meta("route", "/a"));
        store.record(m, 2, meta("route", "/a", "region", "eu"));
        store.record(m, 3, meta("route", "/a", "region", "us"));
        store.record(m, 4, meta("region", "us", "route", "/a", "other", "x"));
        assertEquals("app_request_stop_duration{route=\"/a\",region=\"eu\"} 2.0\n"
                + "app_request_stop_duration{route=\"/a\",region=\"us\"} 4.0\n", samples());
    }

    private void record(long items, Map<String, Object> metadata) {
        zeroConfig.dispatch(EVENT, Collections.singletonMap("items", items), metadata, store);
    }

    private String samples() {
        StringBuilder out = new StringBuilder();
        store.render(out);
        StringBuilder samples = new StringBuilder();
        for (String line : out.toString().split("\n")) {
            if (!line.startsWith("#")) {
                samples.append(line).append('\n');
            }
        }
        return samples.toString();
    }

    private static Map<String, String> meta2(String k, String v) {
        return Collections.singletonMap(k, v);
    }
}
