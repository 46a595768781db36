package io.telemetrypoller.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.telemetrypoller.agent.StatusProperties;
import io.telemetrypoller.internal.IsoTime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a JVM's system properties say about the agent in it (see {@link StatusProperties} for the format):
 * nothing (never loaded), or a version and a state with its pollers and sinks.
 */
final class TargetStatus {
    private final String version;
    private final Map<String, Object> status;

    private TargetStatus(String version, Map<String, Object> status) {
        this.version = version;
        this.status = status;
    }

    static TargetStatus of(Properties systemProperties) {
        String version = systemProperties.getProperty(StatusProperties.VERSION_PROPERTY);
        String json = systemProperties.getProperty(StatusProperties.STATUS_PROPERTY);
        Map<String, Object> status = Collections.emptyMap();
        if (json != null) {
            try {
                Object parsed = parse(json);
                if (parsed instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) parsed;
                    status = map;
                }
            } catch (IOException | RuntimeException e) {
                status = Collections.emptyMap(); // unreadable: treated as unknown state
            }
        }
        return new TargetStatus(version, status);
    }

    /** False when no telemetry-poller agent was ever loaded there. */
    boolean loaded() {
        return version != null;
    }

    String version() {
        return version;
    }

    /** {@code running}, {@code stopped}, {@code failed}, or {@code unknown}. */
    String state() {
        Object s = status.get("state");
        return s instanceof String ? (String) s : "unknown";
    }

    boolean running() {
        return StatusProperties.RUNNING.equals(state());
    }

    /** For {@code list}: {@code running 0.1.0}, {@code stopped 0.1.0} or {@code -}. */
    String summary() {
        return loaded() ? state() + " " + version : "-";
    }

    /** The sinks running now, as configured (e.g. {@code file:/tmp/t.jsonl}). */
    List<String> sinks() {
        return strings(status.get("sinks"));
    }

    /** Why configured sinks failed at the start (an agent before issue 13 publishes none). */
    List<String> sinkProblems() {
        return strings(status.get("sink_problems"));
    }

    /** The lines {@code status} prints. */
    List<String> describe(String pid) {
        List<String> lines = new ArrayList<>();
        lines.add("pid " + pid + ": telemetry-poller " + version + " " + state() + " since " + since());
        lines.add("  options: " + (text("options").isEmpty() ? "(defaults)" : text("options")));
        for (Object o : list(status.get("pollers"))) {
            if (!(o instanceof Map)) {
                continue;
            }
            Map<?, ?> p = (Map<?, ?>) o;
            StringBuilder sb = new StringBuilder("  poller ").append(p.get("name"))
                    .append(": period ").append(p.get("period_ms")).append(" ms")
                    .append(", init_delay ").append(p.get("init_delay_ms")).append(" ms")
                    .append(", measurements ").append(join(strings(p.get("measurements"))));
            if (Boolean.FALSE.equals(p.get("running"))) {
                sb.append(" (stopped)");
            }
            List<String> failed = strings(p.get("failed"));
            if (!failed.isEmpty()) {
                sb.append("; failed: ").append(String.join("; ", failed));
            }
            lines.add(sb.toString());
        }
        if (list(status.get("pollers")).isEmpty()) {
            lines.add("  no pollers");
        }
        lines.add("  sinks: " + join(sinks()));
        for (String p : sinkProblems()) {
            lines.add("  sink failed: " + p);
        }
        return lines;
    }

    /** The OPTIONS the running agent was started or last reconfigured with. */
    String options() {
        return text("options");
    }

    /** The error published when the options given at start-up were invalid, or empty. */
    String error() {
        return text("error");
    }

    /** When the state began, e.g. {@code 2026-11-22T13:00:00.123Z}, or {@code ?}. */
    String since() {
        Object ms = status.get("since_ms");
        return ms instanceof Number ? IsoTime.format(((Number) ms).longValue()) : "?";
    }

    private String text(String key) {
        Object v = status.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    private static String join(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static List<?> list(Object o) {
        return o instanceof List ? (List<?>) o : Collections.emptyList();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object item : list(o)) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    /** Plain JSON into maps, lists, strings, numbers, booleans and null. */
    static Object parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("empty");
            }
            return value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t);
        }
    }
}
