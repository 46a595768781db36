package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static io.telemetrypoller.EventRecorder.name;
import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Fixture trees in the kernel's file formats (Documentation/admin-guide/cgroup-v1 and cgroup-v2.rst):
 * a {@code proc/self} with {@code cgroup} and {@code mountinfo} whose mount points lie in the fixture.
 */
class ContainerMeasurementTest {
    @TempDir
    File root;
    private File procSelf;
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        procSelf = new File(root, "proc/self");
        procSelf.mkdirs();
        recorder = EventRecorder.attach(name("vm", "container"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    private void write(String path, String text) throws IOException {
        File f = new File(root, path);
        f.getParentFile().mkdirs();
        Files.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
    }

    private String mount(int id, String dir, String fstype, String options) {
        return id + " 30 0:" + id + " / " + new File(root, dir) + " rw,relatime - " + fstype + " " + fstype + " " + options + "\n";
    }

    private EventRecorder.Event measure() throws Exception {
        ContainerMeasurement m = new ContainerMeasurement(procSelf);
        try {
            m.measure();
        } finally {
            m.close();
        }
        return recorder.single();
    }

    @Test
    void cgroupV2NestedWithAMemoryLimitAndACpuQuota() throws Exception {
        write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
        write("proc/self/mountinfo", mount(40, "sys/fs/cgroup", "cgroup2", "rw,nsdelegate"));
        String dir = "sys/fs/cgroup/kubepods/pod1/ctr/";
        write(dir + "memory.current", "73400320\n");
        write(dir + "memory.max", "268435456\n");
        write(dir + "memory.peak", "80000000\n");
        write(dir + "memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        write(dir + "cpu.max", "20000 100000\n");
        write(dir + "cpu.stat", "usage_usec 24000000\nuser_usec 20000000\nsystem_usec 4000000\nnr_periods 1200\n"
                + "nr_throttled 950\nthrottled_usec 81000000\nnr_bursts 0\nburst_usec 0\n");
        EventRecorder.Event e = measure();
        assertEquals(numbers("memory_usage", 73400320L, "memory_limit", 268435456L, "memory_usage_ratio", 73400320.0 / 268435456,
                "memory_peak", 80000000L, "memory_fail_count", 12L, "oom_kill_count", 1L, "cpu_quota_cores", 0.2,
                "cpu_periods", 1200L, "cpu_throttled_periods", 950L, "cpu_throttled_ns", 81_000_000_000L,
                "cpu_usage_ns", 24_000_000_000L), e.measurements);
    }

    @Test
    void cgroupV2MaxMeansNoLimitAndAMissingControllerGivesNoKeys() throws Exception {
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", mount(40, "sys/fs/cgroup", "cgroup2", "rw"));
        write("sys/fs/cgroup/app/memory.current", "1048576\n");
        write("sys/fs/cgroup/app/memory.max", "max\n"); // no memory.peak (kernels before 5.19), cpu not enabled
        write("sys/fs/cgroup/app/memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        EventRecorder.Event e = measure();
        assertEquals(numbers("memory_usage", 1048576L, "memory_limit", -1L, "memory_fail_count", 0L,
                "oom_kill_count", 0L), e.measurements);
    }

    @Test
    void cgroupV2CpuMaxWithoutAQuota() throws Exception {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", mount(40, "sys/fs/cgroup", "cgroup2", "rw"));
        write("sys/fs/cgroup/cpu.max", "max 100000\n");
        write("sys/fs/cgroup/cpu.stat", "usage_usec 5\nuser_usec 3\nsystem_usec 2\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        EventRecorder.Event e = measure();
        assertEquals(numbers("cpu_periods", 0L, "cpu_throttled_periods", 0L, "cpu_throttled_ns", 0L, "cpu_usage_ns", 5000L),
                e.measurements);
    }

    /** This machine's layout: v1 controllers, each its own mount, the memory cgroup nested; v2 beside them. */
    @Test
    void cgroupV1HybridWithTheUnlimitedPageCounterMaximum() throws Exception {
        write("proc/self/cgroup", "4:memory:/process_api/a65a\n2:cpuacct:/\n1:cpu:/\n0::/\n");
        write("proc/self/mountinfo", mount(31, "sys/fs/cgroup/cpu", "cgroup", "rw,cpu")
                + mount(32, "sys/fs/cgroup/cpuacct", "cgroup", "rw,cpuacct")
                + mount(34, "sys/fs/cgroup/memory", "cgroup", "rw,memory")
                + mount(40, "sys/fs/cgroup/unified", "cgroup2", "rw"));
        String mem = "sys/fs/cgroup/memory/process_api/a65a/";
        write(mem + "memory.usage_in_bytes", "52428800\n");
        write(mem + "memory.limit_in_bytes", "9223372036854771712\n");
        write(mem + "memory.max_usage_in_bytes", "60000000\n");
        write(mem + "memory.failcnt", "3\n");
        write(mem + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n");
        write("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpu/cpu.stat", "nr_periods 7\nnr_throttled 2\nthrottled_time 123456789\nnr_bursts 0\nburst_time 0\n");
        write("sys/fs/cgroup/cpuacct/cpuacct.usage", "987654321\n");
        EventRecorder.Event e = measure();
        assertEquals(numbers("memory_usage", 52428800L, "memory_limit", -1L, "memory_peak", 60000000L,
                "memory_fail_count", 3L, "oom_kill_count", 2L, "cpu_periods", 7L, "cpu_throttled_periods", 2L,
                "cpu_throttled_ns", 123456789L, "cpu_usage_ns", 987654321L), e.measurements);
    }

    @Test
    void cgroupV1QuotaInCores() throws Exception {
        write("proc/self/cgroup", "1:cpu,cpuacct:/docker/abc\n");
        write("proc/self/mountinfo", mount(31, "sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct"));
        String cpu = "sys/fs/cgroup/cpu,cpuacct/docker/abc/";
        write(cpu + "cpu.cfs_quota_us", "150000\n");
        write(cpu + "cpu.cfs_period_us", "100000\n");
        write(cpu + "cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 5000\n");
        write(cpu + "cpuacct.usage", "42\n");
        EventRecorder.Event e = measure();
        assertEquals(numbers("cpu_quota_cores", 1.5, "cpu_periods", 10L, "cpu_throttled_periods", 4L,
                "cpu_throttled_ns", 5000L, "cpu_usage_ns", 42L), e.measurements);
    }

    @Test
    void inNoCgroupTheFirstPollFailsWithOneLine() throws Exception {
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", "22 1 0:21 / /proc rw - proc proc rw\n");
        ContainerMeasurement m = new ContainerMeasurement(procSelf);
        assertEquals("this JVM is in no memory or cpu cgroup (no cgroup file system mounted?)",
                assertThrows(IOException.class, m::measure).getMessage());
    }

    @Test
    void garbageAndVanishedFilesGiveNoKeyNotAWrongOne() throws Exception {
        write("proc/self/cgroup", "0::/app\n");
        write("proc/self/mountinfo", mount(40, "sys/fs/cgroup", "cgroup2", "rw"));
        write("sys/fs/cgroup/app/memory.current", "not a number\n");
        write("sys/fs/cgroup/app/memory.max", "max\n");
        write("sys/fs/cgroup/app/memory.events", "");
        write("sys/fs/cgroup/app/memory.peak", "\n");
        ContainerMeasurement m = new ContainerMeasurement(procSelf);
        m.measure();
        assertEquals(numbers("memory_limit", -1L), recorder.single().measurements);
        new File(root, "sys/fs/cgroup/app/memory.max").delete();
        m.measure();
        assertEquals(numbers(), recorder.events().get(1).measurements, "a vanished file: its key goes");
        m.close();
    }
}
