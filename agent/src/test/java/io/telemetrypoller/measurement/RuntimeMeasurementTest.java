package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

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

    /**
     * Up to 1,000 threads the sum is read every poll; at 2,500 every third, the key absent in between; the
     * count is asked each poll, so a pool that shrinks is read every poll again.
     */
    @Test
    void allocatedBytesAreReadLessOftenAboveAThousandThreads() throws Exception {
        int[] live = {1_000};
        long[] sums = {0};
        ThreadMXBean threads = FakeBeans.of(com.sun.management.ThreadMXBean.class,
                "getThreadCount", (Supplier<Integer>) () -> live[0],
                "getTotalThreadAllocatedBytes", (Supplier<Long>) () -> ++sums[0] * 1_000);
        RuntimeMeasurement m = new RuntimeMeasurement(threads);
        StringBuilder seen = new StringBuilder();
        for (int poll = 0; poll < 3; poll++) {
            m.measure();
        }
        live[0] = 2_500;
        for (int poll = 0; poll < 7; poll++) {
            m.measure();
        }
        live[0] = 10;
        for (int poll = 0; poll < 2; poll++) {
            m.measure();
        }
        for (EventRecorder.Event e : recorder.events()) {
            Number bytes = e.measurements.get("allocated_bytes");
            seen.append(bytes == null ? "-" : String.valueOf(bytes.longValue() / 1_000)).append(' ');
        }
        assertEquals("1 2 3 - - 4 - - 5 - 6 7 ", seen.toString());
        assertEquals(3, RuntimeMeasurement.pollsPerRead(2_500));
        assertEquals(10, RuntimeMeasurement.pollsPerRead(10_000));
        assertEquals(1, RuntimeMeasurement.pollsPerRead(0));
    }
}
