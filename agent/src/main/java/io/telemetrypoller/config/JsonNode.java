package io.telemetrypoller.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value that remembers where it came from (path and line), so a config error can say
 * {@code line 7: pollers[0].period: expected a positive integer}.
 * The value is a {@code Map<String, JsonNode>} (in file order), {@code List<JsonNode>}, String, Number,
 * Boolean or null.
 */
public final class JsonNode {
    private final Object value;
    private final String path;
    private final int line;

    JsonNode(Object value, String path, int line) {
        this.value = value;
        this.path = path;
        this.line = line;
    }

    public Object value() {
        return value;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    public boolean isArray() {
        return value instanceof List;
    }

    public boolean isString() {
        return value instanceof String;
    }

    @SuppressWarnings("unchecked")
    public Map<String, JsonNode> asObject() throws ConfigException {
        if (!isObject()) {
            throw error("expected an object");
        }
        return (Map<String, JsonNode>) value;
    }

    @SuppressWarnings("unchecked")
    public List<JsonNode> asArray() throws ConfigException {
        if (!isArray()) {
            throw error("expected an array");
        }
        return (List<JsonNode>) value;
    }

    /** An array, or a single value read as an array of one. */
    @SuppressWarnings("unchecked")
    public List<JsonNode> asList() {
        return isArray() ? (List<JsonNode>) value : Collections.singletonList(this);
    }

    public String asString() throws ConfigException {
        if (!isString()) {
            throw error("expected a string");
        }
        return (String) value;
    }

    public boolean asBoolean() throws ConfigException {
        if (!(value instanceof Boolean)) {
            throw error("expected true or false");
        }
        return (Boolean) value;
    }

    /** The value as JSON-ish text for messages and for values that are passed on as text. */
    public String text() {
        return value == null ? "null" : String.valueOf(plain());
    }

    /** The value with JsonNode wrappers removed: Map, List, String, Number, Boolean or null. */
    public Object plain() {
        if (value instanceof Map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : ((Map<String, JsonNode>) cast(value)).entrySet()) {
                out.put(e.getKey(), e.getValue().plain());
            }
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new java.util.ArrayList<>();
            for (JsonNode n : (List<JsonNode>) cast(value)) {
                out.add(n.plain());
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** An error about this value: {@code line N: path: what}. */
    public ConfigException error(String what) {
        return new ConfigException("line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }
}
