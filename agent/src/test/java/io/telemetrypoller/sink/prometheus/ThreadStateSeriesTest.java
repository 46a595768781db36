package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A worker's thread state is not its series identity (issue 15, item 2): one series, and a 0/1 state set. */
class ThreadStateSeriesTest {
    private static final List<String> EVENT = Arrays.asList("vm", "process_info");
    private final MetricStore store = new MetricStore("prometheus://test", Collections.<String, String>emptyMap(), 1000);
    private final MetricIndex index = MetricIndex.of(Collections.<MetricDefinition>emptyList());

    private void poll(int queued, String state) {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("message_queue_len", queued);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "order-worker-1");
        meta.put("class", "demo.OrderWorker");
        meta.put("state", state);
        index.dispatch(EVENT, m, meta, store);
    }

    private List<String> samples() {
        StringBuilder out = new StringBuilder();
        store.render(out);
        List<String> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aWorkerWhoseStateChangesHasOneQueueSeriesAndAStateSet() {
        poll(5, "RUNNABLE");
        poll(7, "BLOCKED");
        poll(9, "WAITING");
        String labels = "{class=\"demo.OrderWorker\",name=\"order-worker-1\"";
        assertEquals(Arrays.asList(
                "vm_process_info_message_queue_len" + labels + "} 9.0",
                "vm_process_info_state" + labels + ",state=\"BLOCKED\"} 0.0",
                "vm_process_info_state" + labels + ",state=\"NEW\"} 0.0",
                "vm_process_info_state" + labels + ",state=\"RUNNABLE\"} 0.0",
                "vm_process_info_state" + labels + ",state=\"TERMINATED\"} 0.0",
                "vm_process_info_state" + labels + ",state=\"TIMED_WAITING\"} 0.0",
                "vm_process_info_state" + labels + ",state=\"WAITING\"} 1.0"), samples(),
                "one queue series whatever the state; every state present, exactly one 1");
    }

    @Test
    void aStateThatIsNoThreadStateStaysATag() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("state", "open");
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("count", 1);
        index.dispatch(Arrays.asList("app", "door"), m, meta, store);
        assertEquals(Arrays.asList("app_door_count_value{state=\"open\"} 1.0"), samples());
    }
}
