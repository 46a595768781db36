package io.telemetrypoller.it.attach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The JSON lines a {@code file:} sink writes: every line must be an object with "event". */
final class EventFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    EventFile(Path path) {
        this.path = path;
    }

    /** Every complete line, parsed (a line still being written is left for the next read). */
    List<JsonNode> events() throws IOException {
        if (!Files.exists(path)) {
            return Collections.emptyList();
        }
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        List<JsonNode> out = new ArrayList<>();
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject() && node.has("event"), "not an event line: " + line);
            out.add(node);
        }
        return out;
    }

    /** The times of the polls so far: one {@code [vm, system_counts]} event per poll. */
    List<Instant> polls() throws IOException {
        List<Instant> times = new ArrayList<>();
        for (JsonNode e : events()) {
            if (e.get("event").toString().equals("[\"vm\",\"system_counts\"]")) {
                times.add(Instant.parse(e.get("time").asText()));
            }
        }
        return times;
    }

    List<Instant> awaitPolls(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Instant> polls = polls();
            if (polls.size() >= count) {
                return polls;
            }
            if (System.nanoTime() > deadline) {
                fail(count + " polls expected in " + path + " within " + timeout + ", got " + polls.size());
            }
            Thread.sleep(100);
        }
    }

    /** The median gap between consecutive polls, in milliseconds. */
    static long medianGapMillis(List<Instant> polls) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(Duration.between(polls.get(i - 1), polls.get(i)).toMillis());
        }
        Collections.sort(gaps);
        return gaps.get(gaps.size() / 2);
    }
}
