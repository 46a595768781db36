package io.telemetrypoller.proc;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CgroupDirsTest {
    private static final String HYBRID_MOUNTS =
            "30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
            + "31 25 0:27 / /sys/fs/cgroup/memory rw,nosuid shared:9 - cgroup cgroup rw,memory\n"
            + "32 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:10 - cgroup cgroup rw,cpu,cpuacct\n";

    @Test
    void hybridNestedPaths() {
        Map<String, String> d = CgroupDirs.resolve(
                "12:memory:/process_api/7\n3:cpu,cpuacct:/process_api/7\n0::/\n", HYBRID_MOUNTS);
        assertEquals("/sys/fs/cgroup/memory/process_api/7", d.get("memory"));
        assertEquals("/sys/fs/cgroup/cpu,cpuacct/process_api/7", d.get("cpu"));
        assertEquals("/sys/fs/cgroup/unified", d.get(CgroupDirs.UNIFIED));
        assertNull(d.get("pids"));
    }

    @Test
    void v2InNamespaceWithMountRoot() {
        Map<String, String> d = CgroupDirs.resolve("0::/kubepods/pod1/c1\n",
                "40 30 0:30 /kubepods/pod1 /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n");
        assertEquals("/sys/fs/cgroup/c1", d.get(CgroupDirs.UNIFIED));
    }
}
