package io.telemetrypoller.measurement;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import com.sun.management.UnixOperatingSystemMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;

import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SystemCountsMeasurementTest {
    @TempDir
    File procSelf;

    private EventRecorder recorder;

    // answers only the three counters: getThreadInfo or any other call would throw
    private final ThreadMXBean threads = FakeBeans.of(ThreadMXBean.class,
            "getThreadCount", 23, "getDaemonThreadCount", 19, "getPeakThreadCount", 24);
    private final ClassLoadingMXBean classes = FakeBeans.of(ClassLoadingMXBean.class, "getLoadedClassCount", 3105,
            "getTotalLoadedClassCount", 3200L, "getUnloadedClassCount", 95L);

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "system_counts"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void unixBeanGivesTheDescriptorCounts() {
        OperatingSystemMXBean os = FakeBeans.of(UnixOperatingSystemMXBean.class,
                "getOpenFileDescriptorCount", 41L, "getMaxFileDescriptorCount", 1_048_576L);
        new SystemCountsMeasurement(threads, classes, os, procSelf).measure();

        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("thread_count", "daemon_thread_count", "peak_thread_count",
                "loaded_class_count", "total_loaded_class_count", "unloaded_class_count", "open_fd_count", "fd_limit"), e.keys());
        assertEquals(numbers("thread_count", 23L, "daemon_thread_count", 19L, "peak_thread_count", 24L,
                "loaded_class_count", 3105L, "total_loaded_class_count", 3200L, "unloaded_class_count", 95L, "open_fd_count", 41L, "fd_limit", 1_048_576L), e.measurements);
        assertEquals(Collections.emptyMap(), e.metadata);
    }

    @Test
    void otherwiseProcSelfFdAndLimits() throws IOException {
        File fd = new File(procSelf, "fd");
        fd.mkdirs();
        for (int i = 0; i < 5; i++) {
            new File(fd, Integer.toString(i)).createNewFile();
        }
        Files.write(new File(procSelf, "limits").toPath(), (
                "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max processes             63431                63431                processes \n"
                + "Max open files            20000                40000                files     \n")
                .getBytes(StandardCharsets.US_ASCII));
        new SystemCountsMeasurement(threads, classes, FakeBeans.of(OperatingSystemMXBean.class), procSelf).measure();

        // 5 entries, one of them the descriptor the listing itself holds on a real /proc; the thread limit
        // is "Max processes" (no threads-max, no cgroup here)
        assertEquals(numbers("thread_count", 23L, "daemon_thread_count", 19L, "peak_thread_count", 24L,
                "thread_limit", 63431L, "loaded_class_count", 3105L, "total_loaded_class_count", 3200L, "unloaded_class_count", 95L, "open_fd_count", 4L, "fd_limit", 20000L),
                recorder.single().measurements);
    }

    @Test
    void unknownDescriptorCountsAreLeftOut() throws IOException {
        Files.write(new File(procSelf, "limits").toPath(),
                "Max open files            unlimited            unlimited            files     \n"
                        .getBytes(StandardCharsets.US_ASCII));
        new SystemCountsMeasurement(threads, classes, FakeBeans.of(OperatingSystemMXBean.class), procSelf).measure();
        assertEquals(numbers("thread_count", 23L, "daemon_thread_count", 19L, "peak_thread_count", 24L,
                "loaded_class_count", 3105L, "total_loaded_class_count", 3200L, "unloaded_class_count", 95L),
                recorder.single().measurements);

        recorder.clear();
        OperatingSystemMXBean unknown = FakeBeans.of(UnixOperatingSystemMXBean.class,
                "getOpenFileDescriptorCount", -1L, "getMaxFileDescriptorCount", -1L);
        new SystemCountsMeasurement(threads, classes, unknown, procSelf).measure();
        assertEquals(6, recorder.single().measurements.size());
    }

    @Test
    void onTheRealJvmEveryKeyIsThereOnLinux() {
        new SystemCountsMeasurement().measure();
        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("thread_count", "daemon_thread_count", "peak_thread_count", "thread_limit",
                "loaded_class_count", "total_loaded_class_count", "unloaded_class_count", "open_fd_count", "fd_limit"), e.keys());
    }
}
