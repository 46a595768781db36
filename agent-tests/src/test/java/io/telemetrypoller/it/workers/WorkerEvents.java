package io.telemetrypoller.it.workers;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Reading the JSON lines a {@code sink=file:PATH} agent wrote. */
final class WorkerEvents {
    private WorkerEvents() {
    }

    static List<JsonNode> read(Path file) throws Exception {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        return AgentJvm.parseEvents(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    static List<JsonNode> named(List<JsonNode> events, String... name) {
        List<JsonNode> out = new ArrayList<>();
        Predicate<JsonNode> p = AgentJvm.named(name);
        for (JsonNode e : events) {
            if (p.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<JsonNode> withMeta(List<JsonNode> events, String key, String value) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (value.equals(e.path("metadata").path(key).asText(null))) {
                out.add(e);
            }
        }
        return out;
    }

    static long millis(JsonNode event) {
        return Instant.parse(event.get("time").asText()).toEpochMilli();
    }

    static List<Long> longs(List<JsonNode> events, String measurement) {
        List<Long> out = new ArrayList<>();
        for (JsonNode e : events) {
            out.add(e.get("measurements").get(measurement).asLong());
        }
        return out;
    }

    /** Waits until the file holds {@code count} events matching {@code match}. */
    static List<JsonNode> await(Path file, Predicate<JsonNode> match, int count, long timeoutMs, AgentJvm jvm)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode e : read(file)) {
                if (match.test(e)) {
                    found.add(e);
                }
            }
            if (found.size() >= count) {
                return found;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + count + " matching events in " + file + ", saw "
                        + found.size() + (jvm == null ? "" : jvm.describe()));
            }
            Thread.sleep(50);
        }
    }

    /** The value of a {@code KEY T} line the target printed, or -1. */
    static long phase(String stdout, String key) {
        for (String line : AgentJvm.lines(stdout)) {
            List<String> words = Arrays.asList(line.split(" "));
            if (words.size() == 2 && words.get(0).equals(key)) {
                return Long.parseLong(words.get(1));
            }
        }
        return -1;
    }
}
