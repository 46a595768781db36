package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.telemetrypoller.EventRecorder.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This test JVM (17 or later): 64 MiB allocated between two polls show in allocated_bytes, JIT time counts. */
class RuntimeMeasurementTest {
    private EventRecorder recorder;
    static volatile byte[] kept;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "runtime"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void allocationBetweenTwoPollsShowsAndBothAreCumulative() throws Exception {
        RuntimeMeasurement m = new RuntimeMeasurement();
        m.measure();
        for (int i = 0; i < 64; i++) {
            kept = new byte[1 << 20];
        }
        m.measure();
        List<EventRecorder.Event> e = recorder.events();
        assertEquals(Arrays.asList("allocated_bytes", "compilation_time_ms"), e.get(0).keys());
        long grown = e.get(1).measurements.get("allocated_bytes").longValue()
                - e.get(0).measurements.get("allocated_bytes").longValue();
        assertTrue(grown >= 64L << 20, "allocated between the polls: " + grown);
        assertTrue(e.get(1).measurements.get("compilation_time_ms").longValue()
                >= e.get(0).measurements.get("compilation_time_ms").longValue());
    }
}
