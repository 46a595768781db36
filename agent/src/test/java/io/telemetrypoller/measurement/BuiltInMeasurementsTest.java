package io.telemetrypoller.measurement;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import io.telemetrypoller.Measurement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each VM built-in, created by name as a poller does, measures the real JVM and emits its events. */
class BuiltInMeasurementsTest {
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "memory"), name("vm", "memory_pool"),
                name("vm", "total_run_queue_lengths"), name("vm", "system_counts"), name("vm", "gc"),
                name("vm", "cpu"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void eachNameGivesItsEvents() throws Exception {
        for (String builtIn : Arrays.asList("memory", "total_run_queue_lengths", "system_counts", "gc", "cpu")) {
            Measurement m = BuiltInMeasurements.create(builtIn);
            try {
                assertEquals(builtIn, m.name());
                m.measure();
            } finally {
                m.close();
            }
        }
        Set<List<String>> names = new LinkedHashSet<>();
        for (EventRecorder.Event e : recorder.events()) {
            names.add(e.name);
        }
        assertEquals(Arrays.asList(name("vm", "memory"), name("vm", "memory_pool"),
                name("vm", "total_run_queue_lengths"), name("vm", "system_counts"), name("vm", "gc"),
                name("vm", "cpu")), new ArrayList<>(names));
    }
}
