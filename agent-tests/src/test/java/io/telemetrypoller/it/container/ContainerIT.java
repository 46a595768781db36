package io.telemetrypoller.it.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.targets.BusyLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.telemetrypoller.it.AgentJvm.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container measurement on the real kernel: child cgroups made for the test (v1 memory, cpu and
 * cpuacct, as root; the machine's layout is hybrid, v1 with v2 beside it) with a 512 MiB memory limit and a
 * quota of 0.2 cores, a JVM started inside them with the agent and two spinning threads: the limit and the
 * quota are read back exactly, and throttled periods, throttled time and usage grow. The cgroups are
 * removed in every case. Under CI a machine without them is a failure, never a skip.
 */
@Tag("jvm")
class ContainerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long LIMIT = 512L << 20;
    private final List<Path> made = new ArrayList<>();

    @BeforeEach
    void cgroups() throws IOException {
        boolean available = "root".equals(System.getProperty("user.name"))
                && Files.isDirectory(Paths.get("/sys/fs/cgroup/memory")) && Files.isDirectory(Paths.get("/sys/fs/cgroup/cpu"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(available, "CI: this test needs root and the v1 memory and cpu cgroup hierarchies");
        }
        assumeTrue(available, "needs root and cgroup v1 memory and cpu hierarchies");
        String name = "telemetry-poller-it-" + ProcessHandle.current().pid();
        for (String controller : new String[] {"memory", "cpu", "cpuacct"}) {
            Path dir = Paths.get("/sys/fs/cgroup", controller, name);
            Files.createDirectories(dir);
            made.add(dir);
        }
        write(made.get(0).resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
        write(made.get(1).resolve("cpu.cfs_period_us"), "100000");
        write(made.get(1).resolve("cpu.cfs_quota_us"), "20000");
    }

    @AfterEach
    void removeCgroups() throws Exception {
        for (Path dir : made) {
            for (int i = 0; i < 100 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir); // a cgroup goes with rmdir once no process is in it
                } catch (IOException busy) {
                    Thread.sleep(100);
                }
            }
            assertTrue(!Files.exists(dir), "cgroup " + dir + " left behind");
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theLimitAndQuotaAreReadBackAndThrottlingGrows() throws Exception {
        try (AgentJvm jvm = AgentJvm.builder().inCgroups(made.toArray(new Path[0]))
                .agent("period=250,measurements=container").target(BusyLoop.class, "30").start()) {
            List<JsonNode> events = jvm.awaitEvents(named("vm", "container"), 2, TIMEOUT);
            JsonNode first = events.get(0).get("measurements");
            assertEquals(LIMIT, first.get("memory_limit").asLong(), first.toString());
            assertEquals(0.2, first.get("cpu_quota_cores").asDouble(), 1e-9, first.toString());
            assertTrue(first.get("memory_usage").asLong() > 0, first.toString());
            double ratio = first.get("memory_usage_ratio").asDouble();
            assertEquals((double) first.get("memory_usage").asLong() / LIMIT, ratio, 1e-9);
            List<JsonNode> later = jvm.awaitEvents(e -> named("vm", "container").test(e)
                    && e.get("measurements").get("cpu_throttled_periods").asLong()
                    > first.get("cpu_throttled_periods").asLong() + 5, 1, TIMEOUT);
            JsonNode last = later.get(0).get("measurements");
            assertTrue(last.get("cpu_throttled_ns").asLong() > first.get("cpu_throttled_ns").asLong(), last.toString());
            assertTrue(last.get("cpu_periods").asLong() > first.get("cpu_periods").asLong(), last.toString());
            assertTrue(last.get("cpu_usage_ns").asLong() > first.get("cpu_usage_ns").asLong(), last.toString());
            jvm.process().destroy();
            jvm.process().waitFor();
        }
    }
}
