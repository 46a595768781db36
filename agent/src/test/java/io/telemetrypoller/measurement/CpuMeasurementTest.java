package io.telemetrypoller.measurement;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.OperatingSystemMXBean;
import java.util.Arrays;
import java.util.Collections;

import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMeasurementTest {
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "cpu"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void hotSpotBeanGivesProcessCpu() {
        OperatingSystemMXBean os = FakeBeans.of(com.sun.management.OperatingSystemMXBean.class,
                "getProcessCpuTime", 1_830_000_000L, "getProcessCpuLoad", 0.125,
                "getSystemLoadAverage", 0.78, "getAvailableProcessors", 2);
        new CpuMeasurement(os).measure();

        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("process_cpu_time_ns", "process_cpu_load", "system_load_average",
                "available_processors"), e.keys());
        assertEquals(numbers("process_cpu_time_ns", 1_830_000_000L, "process_cpu_load", 0.125,
                "system_load_average", 0.78, "available_processors", 2L), e.measurements);
        assertEquals(Collections.emptyMap(), e.metadata);
    }

    @Test
    void onTheRealJvm() {
        new CpuMeasurement().measure();
        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("process_cpu_time_ns", "process_cpu_load", "system_load_average",
                "available_processors"), e.keys());
        assertEquals((long) Runtime.getRuntime().availableProcessors(), e.measurements.get("available_processors"));
        assertTrue(e.measurements.get("process_cpu_time_ns").longValue() > 0, e.toString());
        double load = e.measurements.get("process_cpu_load").doubleValue();
        assertTrue(load == -1 || (load >= 0 && load <= 1), e.toString());
    }

    @Test
    void unknownValuesAreMinusOne() {
        OperatingSystemMXBean plain = FakeBeans.of(OperatingSystemMXBean.class,
                "getSystemLoadAverage", -1.0, "getAvailableProcessors", 8);
        new CpuMeasurement(plain).measure();
        assertEquals(numbers("process_cpu_time_ns", -1L, "process_cpu_load", -1.0,
                "system_load_average", -1.0, "available_processors", 8L), recorder.single().measurements);

        recorder.clear();
        OperatingSystemMXBean notYet = FakeBeans.of(com.sun.management.OperatingSystemMXBean.class,
                "getProcessCpuTime", -1L, "getProcessCpuLoad", Double.NaN,
                "getSystemLoadAverage", -0.5, "getAvailableProcessors", 4);
        new CpuMeasurement(notYet).measure();
        assertEquals(numbers("process_cpu_time_ns", -1L, "process_cpu_load", -1.0,
                "system_load_average", -1.0, "available_processors", 4L), recorder.single().measurements);
    }
}
