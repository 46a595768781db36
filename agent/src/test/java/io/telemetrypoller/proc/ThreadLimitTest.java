package io.telemetrypoller.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreadLimitTest {
    @TempDir
    Path dir;

    private File write(String relative, String text) throws IOException {
        File f = dir.resolve(relative).toFile();
        f.getParentFile().mkdirs();
        Files.write(f.toPath(), text.getBytes(StandardCharsets.US_ASCII));
        return f;
    }

    private void limits(String maxProcesses) throws IOException {
        write("self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max processes             " + maxProcesses + "                " + maxProcesses + "                processes \n"
                + "Max open files            20000                40000                files     \n");
    }

    @Test
    void theSmallestOfNprocThreadsMaxAndEveryPidsMaxAboveTheProcess() throws IOException {
        limits("96367");
        File threadsMax = write("threads-max", "192735\n");
        // v2 layout: the root has no pids.max; the parent's 500 binds although the process's own says 2000
        write("cgroup/system.slice/pids.max", "500\n");
        write("cgroup/system.slice/app.service/pids.max", "2000\n");
        File pids = dir.resolve("cgroup/system.slice/app.service").toFile();
        assertEquals(500, new ThreadLimit(dir.resolve("self").toFile(), threadsMax, pids).get());
    }

    @Test
    void unlimitedMaxAndMissingSourcesDoNotCount() throws IOException {
        limits("unlimited");
        File threadsMax = write("threads-max", "192735\n");
        write("cgroup/app/pids.max", "max\n");
        assertEquals(192735, new ThreadLimit(dir.resolve("self").toFile(), threadsMax,
                dir.resolve("cgroup/app").toFile()).get());
        assertEquals(-1, new ThreadLimit(dir.resolve("nothing").toFile(), dir.resolve("absent").toFile(), null).get());
    }

    @Test
    void theCgroupIsFoundFromProcSelfAndTheLimitsAreReadAgainEvery16Calls() throws IOException {
        limits("96367");
        File cg = dir.resolve("fs/pids/user.slice").toFile();
        write("fs/pids/user.slice/pids.max", "4000\n");
        write("self/cgroup", "8:pids:/user.slice\n4:memory:/\n0::/\n");
        write("self/mountinfo", "30 24 0:26 / " + dir.resolve("fs/pids") + " rw,nosuid shared:12 - cgroup cgroup rw,pids\n");
        ThreadLimit limit = new ThreadLimit(dir.resolve("self").toFile(), dir.resolve("absent").toFile(), null);
        assertEquals(4000, limit.get());
        write("fs/pids/user.slice/pids.max", "300\n");
        for (int i = 1; i < ThreadLimit.REREAD_EVERY; i++) {
            assertEquals(4000, limit.get(), "call " + i);
        }
        assertEquals(300, limit.get());
        assertEquals(true, cg.isDirectory());
    }
}
