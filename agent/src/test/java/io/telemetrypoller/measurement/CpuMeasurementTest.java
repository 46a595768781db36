package io.telemetrypoller.measurement;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.OperatingSystemMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.function.Supplier;

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

    /**
     * The load is the CPU time's growth over the wall time times the processors: since the JVM's start at
     * the first poll, since the previous poll after; the bean's own getProcessCpuLoad is never called (the
     * fake throws on it).
     */
    @Test
    void loadFromTheGrowthOfTheCpuTime() {
        long[] cpu = {1_000_000_000L};
        long[] clock = {50_000_000_000L};
        OperatingSystemMXBean os = FakeBeans.of(com.sun.management.OperatingSystemMXBean.class,
                "getProcessCpuTime", (Supplier<Long>) () -> cpu[0],
                "getSystemLoadAverage", 0.78, "getAvailableProcessors", 2);
        CpuMeasurement measurement = new CpuMeasurement(os, () -> clock[0], 4_000); // started 4 s ago

        measurement.measure(); // 1 s of CPU in 4 s on 2 processors
        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("process_cpu_time_ns", "process_cpu_load", "system_load_average",
                "available_processors"), e.keys());
        assertEquals(numbers("process_cpu_time_ns", 1_000_000_000L, "process_cpu_load", 0.125,
                "system_load_average", 0.78, "available_processors", 2L), e.measurements);
        assertEquals(Collections.emptyMap(), e.metadata);

        recorder.clear();
        cpu[0] += 1_500_000_000L; // 1.5 s of CPU in the next second on 2 processors
        clock[0] += 1_000_000_000L;
        measurement.measure();
        assertEquals(0.75, recorder.single().measurements.get("process_cpu_load"));

        recorder.clear();
        cpu[0] += 3_000_000_000L; // more than the processors can give (rounding of two clocks): 1
        clock[0] += 1_000_000_000L;
        measurement.measure();
        assertEquals(1.0, recorder.single().measurements.get("process_cpu_load"));

        recorder.clear();
        measurement.measure(); // no time passed
        assertEquals(-1.0, recorder.single().measurements.get("process_cpu_load"));
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
        new CpuMeasurement(plain, System::nanoTime, 1_000).measure();
        assertEquals(numbers("process_cpu_time_ns", -1L, "process_cpu_load", -1.0,
                "system_load_average", -1.0, "available_processors", 8L), recorder.single().measurements);

        recorder.clear();
        OperatingSystemMXBean notYet = FakeBeans.of(com.sun.management.OperatingSystemMXBean.class,
                "getProcessCpuTime", -1L, "getSystemLoadAverage", -0.5, "getAvailableProcessors", 4);
        new CpuMeasurement(notYet, System::nanoTime, 1_000).measure();
        assertEquals(numbers("process_cpu_time_ns", -1L, "process_cpu_load", -1.0,
                "system_load_average", -1.0, "available_processors", 4L), recorder.single().measurements);
    }
}
