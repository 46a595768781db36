package io.telemetrypoller.proc;

import java.io.File;
import java.io.IOException;
import java.util.Map;

/**
 * The memory and CPU files of the cgroup this process is in, v1 or v2 (the hybrid layout: each
 * controller from its v1 hierarchy when that is mounted, else from the unified one when the controller
 * is enabled there), found once through {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}
 * ({@link CgroupDirs}). A path is null where the file does not exist (a controller not mounted, an older
 * kernel without {@code memory.peak}).
 */
public final class CgroupFiles {
    /** v1 or v2, for each of memory and CPU (null: none). */
    public final String memoryVersion;
    public final String cpuVersion;
    public final ProcFile memoryUsage;
    public final ProcFile memoryLimit;
    public final ProcFile memoryPeak;
    /** v1 memory.failcnt; v2 memory.events (its {@code max} count). */
    public final ProcFile memoryFailures;
    /** v1 memory.oom_control, v2 memory.events: the {@code oom_kill} line. */
    public final ProcFile oomKills;
    /** v1 cpu.cfs_quota_us (with {@link #cpuPeriod}); v2 cpu.max ({@code quota period}). */
    public final ProcFile cpuQuota;
    public final ProcFile cpuPeriod;
    /** cpu.stat: nr_periods, nr_throttled, and throttled_time (v1, ns) or throttled_usec (v2) and usage_usec. */
    public final ProcFile cpuStat;
    /** v1 cpuacct.usage (ns); v2: null (usage_usec of cpu.stat). */
    public final ProcFile cpuUsage;

    private CgroupFiles(Map<String, String> dirs) {
        String memory = dirs.get("memory");
        String unified = dirs.get(CgroupDirs.UNIFIED);
        boolean memoryV2 = memory == null && unified != null && new File(unified, "memory.current").isFile();
        if (memory != null && new File(memory, "memory.usage_in_bytes").isFile()) {
            memoryVersion = "v1";
            memoryUsage = file(memory, "memory.usage_in_bytes");
            memoryLimit = file(memory, "memory.limit_in_bytes");
            memoryPeak = file(memory, "memory.max_usage_in_bytes");
            memoryFailures = file(memory, "memory.failcnt");
            oomKills = file(memory, "memory.oom_control");
        } else if (memoryV2) {
            memoryVersion = "v2";
            memoryUsage = file(unified, "memory.current");
            memoryLimit = file(unified, "memory.max");
            memoryPeak = file(unified, "memory.peak");
            memoryFailures = file(unified, "memory.events");
            oomKills = memoryFailures;
        } else {
            memoryVersion = null;
            memoryUsage = memoryLimit = memoryPeak = memoryFailures = oomKills = null;
        }
        String cpu = dirs.get("cpu");
        String cpuacct = dirs.get("cpuacct");
        if (cpu != null && new File(cpu, "cpu.cfs_quota_us").isFile()) {
            cpuVersion = "v1";
            cpuQuota = file(cpu, "cpu.cfs_quota_us");
            cpuPeriod = file(cpu, "cpu.cfs_period_us");
            cpuStat = file(cpu, "cpu.stat");
            cpuUsage = cpuacct == null ? null : file(cpuacct, "cpuacct.usage");
        } else if (cpu == null && unified != null && new File(unified, "cpu.stat").isFile()) {
            cpuVersion = "v2";
            cpuQuota = file(unified, "cpu.max");
            cpuPeriod = null;
            cpuStat = file(unified, "cpu.stat");
            cpuUsage = null;
        } else {
            cpuVersion = null;
            cpuQuota = cpuPeriod = cpuStat = cpuUsage = null;
        }
    }

    /** This process's files, from {@code procSelf}'s {@code cgroup} and {@code mountinfo}. */
    public static CgroupFiles of(File procSelf) throws IOException {
        return new CgroupFiles(CgroupDirs.of(procSelf));
    }

    /** Whether this process is in a memory or CPU cgroup at all. */
    public boolean any() {
        return memoryVersion != null || cpuVersion != null;
    }

    private static ProcFile file(String dir, String name) {
        File f = new File(dir, name);
        return f.isFile() ? new ProcFile(f.getPath()) : null;
    }
}
