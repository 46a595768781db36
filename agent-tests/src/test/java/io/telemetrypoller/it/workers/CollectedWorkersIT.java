package io.telemetrypoller.it.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import io.telemetrypoller.it.workers.targets.CollectTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.telemetrypoller.it.workers.WorkerEvents.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracked instances are collected once the application drops them (the target's own weak reference
 * clears while the agent tracks them), their events stop, and the measurement stays: instances created
 * later are reported. Erlang's process_info does the same for processes that exit.
 */
@Tag("jvm")
class CollectedWorkersIT {
    private static final String TINY = CollectTarget.TinyWorker.class.getName();

    @TempDir
    Path dir;

    @Test
    void unreachableWorkersAreCollectedAndDisappearWhileTheMeasurementStays() throws Exception {
        Path file = dir.resolve("events.jsonl");
        List<JsonNode> all;
        String stdout;
        try (AgentJvm jvm = AgentJvm.builder()
                .agent("workers=" + TINY + ",measurements=system_counts,period=150,sink=file:" + file)
                .target(CollectTarget.class, "1000", "1000", "1000").start()) {
            assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), jvm.describe());
            stdout = jvm.stdout();
            all = WorkerEvents.read(file);
        }
        long created = WorkerEvents.phase(stdout, "created");
        long collected = WorkerEvents.phase(stdout, "collected");
        long recreated = WorkerEvents.phase(stdout, "recreated");
        assertTrue(created > 0 && collected > created && recreated > collected, stdout);

        // One poll = [vm, system_counts] followed by that poll's process_info events.
        List<Long> pollTimes = new ArrayList<>();
        List<List<JsonNode>> polls = new ArrayList<>();
        for (JsonNode e : all) {
            if (AgentJvm.named("vm", "system_counts").test(e)) {
                pollTimes.add(millis(e));
                polls.add(new ArrayList<>());
            } else if (AgentJvm.named("vm", "process_info").test(e) && !polls.isEmpty()) {
                assertEquals(TINY, e.get("metadata").get("class").asText());
                polls.get(polls.size() - 1).add(e);
            }
        }
        int held = 0;
        int gone = 0;
        int again = 0;
        for (int i = 0; i < polls.size(); i++) {
            long t = pollTimes.get(i);
            List<JsonNode> p = polls.get(i);
            if (t > created + 20 && t < created + 900) { // the target drops them 1000 ms after "created"
                held++;
                assertEquals(Arrays.asList("TinyWorker-1", "TinyWorker-2", "TinyWorker-3", "TinyWorker-4",
                        "TinyWorker-5"), names(p));
                for (JsonNode e : p) {
                    assertEquals(3, e.get("measurements").get("message_queue_len").asLong());
                }
            } else if (t > collected + 20 && t < recreated - 20) {
                assertEquals(0, p.size(), "no event once they are collected: " + p);
                gone++;
            } else if (t > recreated + 20) {
                assertEquals(Arrays.asList("TinyWorker-6", "TinyWorker-7"), names(p), "indexes go on");
                again++;
            }
        }
        assertTrue(held >= 3, held + " polls while held");
        assertTrue(gone >= 3, gone + " polls after collection");
        assertTrue(again >= 3, again + " polls after new instances");
    }

    private static List<String> names(List<JsonNode> poll) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : poll) {
            out.add(e.get("metadata").get("name").asText());
        }
        return out;
    }
}
