package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.telemetrypoller.EventRecorder.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This test JVM's own HotSpot counters: a System.gc() is a safepoint, so the count and the time grow. */
class SafepointsMeasurementTest {
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "safepoints"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void aCollectionShowsAsOneMoreSafepointAndMoreStoppedTime() {
        SafepointsMeasurement m = new SafepointsMeasurement();
        m.measure();
        System.gc();
        System.gc();
        m.measure();
        List<EventRecorder.Event> e = recorder.events();
        assertEquals(Arrays.asList("count", "time_ns", "sync_time_ns"), e.get(0).keys());
        long before = e.get(0).measurements.get("count").longValue();
        long after = e.get(1).measurements.get("count").longValue();
        assertTrue(after >= before + 2, before + " -> " + after);
        assertTrue(e.get(1).measurements.get("time_ns").longValue() > e.get(0).measurements.get("time_ns").longValue());
        assertTrue(e.get(1).measurements.get("sync_time_ns").longValue() >= e.get(0).measurements.get("sync_time_ns").longValue());
    }

    @Test
    void aJvmWithoutCountersFailsTheFirstPollInOneLine() {
        assertEquals("this JVM publishes no safepoint counters (HotSpot's performance data is off: -XX:-UsePerfData or"
                + " -XX:+PerfDisableSharedMem?)", assertThrows(IllegalStateException.class,
                () -> new SafepointsMeasurement(null).measure()).getMessage());
    }
}
