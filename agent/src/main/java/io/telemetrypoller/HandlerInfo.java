package io.telemetrypoller;

import java.util.List;

/** What {@link Telemetry#listHandlers} reports of one attached handler (Erlang's handler map). */
public final class HandlerInfo {
    private final String id;
    private final List<String> eventName;
    private final Handler handler;
    private final Object config;

    HandlerInfo(String id, List<String> eventName, Handler handler, Object config) {
        this.id = id;
        this.eventName = eventName;
        this.handler = handler;
        this.config = config;
    }

    public String id() { return id; }

    /** The event this entry matches; {@code null} for a handler attached to every event. */
    public List<String> eventName() { return eventName; }

    public Handler handler() { return handler; }

    public Object config() { return config; }

    @Override
    public String toString() {
        return "HandlerInfo{id=" + id + ", event=" + (eventName == null ? "*" : eventName) + "}";
    }
}
