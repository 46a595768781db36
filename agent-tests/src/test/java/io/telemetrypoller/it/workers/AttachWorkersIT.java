package io.telemetrypoller.it.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.workers.targets.AttachTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.telemetrypoller.it.workers.WorkerEvents.named;
import static io.telemetrypoller.it.workers.WorkerEvents.withMeta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent attached to a running JVM whose worker classes, ThreadPoolExecutor and ForkJoinPool are
 * loaded and in use: they are retransformed; the worker thread that already runs is found; the common
 * pool is found; instances created after the attach are tracked.
 */
@Tag("jvm")
class AttachWorkersIT {
    private static final String LOOP = AttachTarget.LoopWorker.class.getName();
    private static final String JOB = AttachTarget.Job.class.getName();

    @TempDir
    Path dir;

    @Test
    void attachRetransformsLoadedWorkerAndExecutorClasses() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (AgentJvm jvm = AgentJvm.builder().target(AttachTarget.class).start()) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (!jvm.stdout().contains("ready")) {
                assertTrue(System.currentTimeMillis() < deadline && jvm.process().isAlive(), jvm.describe());
                Thread.sleep(50);
            }
            String options = "workers=" + LOOP + "+" + JOB + ",executors=true,measurements=system_counts,"
                    + "period=200,sink=file:" + file;
            cli(jvm, "attach", Long.toString(jvm.pid()), options);

            // the thread that ran before the attach, with its queue and its thread's figures
            JsonNode loop = WorkerEvents.await(file, e -> LOOP.equals(e.path("metadata").path("class").asText()), 1,
                    30_000, jvm).get(0);
            assertEquals("loop-worker", loop.get("metadata").get("name").asText());
            assertEquals(4, loop.get("measurements").get("message_queue_len").asLong());
            assertTrue(loop.get("measurements").get("cpu_time_ns").asLong() >= 0);
            // Jobs created after the attach (the class was retransformed), the last three alive
            List<JsonNode> jobs = WorkerEvents.await(file, e -> JOB.equals(e.path("metadata").path("class").asText()),
                    6, 30_000, jvm);
            assertEquals(1, jobs.get(0).get("measurements").get("message_queue_len").asLong());
            assertTrue(jobs.get(0).get("metadata").get("name").asText().startsWith("Job-"), jobs.get(0).toString());
            // executors: the common pool (created before the attach) and the pools created after it
            WorkerEvents.await(file, e -> "ForkJoinPool.commonPool".equals(e.path("metadata").path("name").asText()),
                    1, 30_000, jvm);
            List<JsonNode> late = WorkerEvents.await(file,
                    e -> e.path("metadata").path("name").asText().startsWith("late-pool"), 3, 30_000, jvm);
            assertEquals("java.util.concurrent.ThreadPoolExecutor", late.get(0).get("metadata").get("class").asText());

            assertFalse(jvm.stderr().contains("Exception"), jvm.describe());
            assertEquals(1, woven(jvm), jvm.describe());
            assertTrue(jvm.process().isAlive(), "the host runs on");
            List<JsonNode> all = WorkerEvents.read(file);
            assertTrue(named(all, "vm", "executor").size() >= 3);
            assertEquals(new ArrayList<>(), withMeta(named(all, "vm", "process_info"), "class", "java.lang.Thread"));

            // Attaching again with the same options reconfigures without weaving again; stop removes the
            // hooks (the classes get their original bytes back), and a later attach weaves them again.
            cli(jvm, "attach", Long.toString(jvm.pid()), options);
            assertEquals(1, woven(jvm), jvm.describe());
            cli(jvm, "stop", Long.toString(jvm.pid()));
            long reattached = System.currentTimeMillis();
            cli(jvm, "attach", Long.toString(jvm.pid()), options);
            long deadline2 = System.currentTimeMillis() + 30_000;
            while (woven(jvm) < 2) {
                assertTrue(System.currentTimeMillis() < deadline2, jvm.describe());
                Thread.sleep(50);
            }
            WorkerEvents.await(file, e -> JOB.equals(e.path("metadata").path("class").asText())
                    && WorkerEvents.millis(e) > reattached, 3, 30_000, jvm);
            assertTrue(jvm.process().isAlive(), "the host runs on");
        }
    }

    /** How many times the agent said it wove the Job class. */
    private static long woven(AgentJvm jvm) throws Exception {
        return jvm.agentLines().stream().filter(l -> l.contains("instrumented worker class " + JOB)).count();
    }

    private static void cli(AgentJvm jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(AgentJvm.java().toString(), "-jar", AgentJvm.AGENT_JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish: " + cmd);
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.exitValue(), cmd + ": " + out + jvm.describe());
    }
}
