package io.telemetrypoller.measurement;

import io.telemetrypoller.Telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Captures copies of the events a test listens to, through {@link Telemetry#attachMany}. */
final class EventRecorder {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "measurement-test-" + IDS.incrementAndGet();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @SafeVarargs
    static EventRecorder attach(List<String>... names) {
        EventRecorder r = new EventRecorder();
        Telemetry.attachMany(r.id, Arrays.asList(names), (event, measurements, metadata, config) ->
                r.events.add(new Event(event, measurements, metadata)), null);
        return r;
    }

    static List<String> name(String... parts) {
        return Arrays.asList(parts);
    }

    void detach() {
        Telemetry.detach(id);
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    void clear() {
        events.clear();
    }

    /** The only event captured so far; fails unless there is exactly one. */
    Event single() {
        if (events.size() != 1) {
            throw new AssertionError("expected one event, got " + events);
        }
        return events.get(0);
    }

    /** Waits up to {@code timeoutMs} for an event matching {@code p}; null if none came. */
    Event await(Predicate<Event> p, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            for (Event e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(10);
        }
    }

    static final class Event {
        final List<String> name;
        final Map<String, Number> measurements;
        final Map<String, Object> metadata;

        Event(List<String> name, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
            this.name = new ArrayList<>(name);
            this.measurements = new LinkedHashMap<>(measurements);
            this.metadata = new LinkedHashMap<>(metadata);
        }

        List<String> keys() {
            return new ArrayList<>(measurements.keySet());
        }

        @Override
        public String toString() {
            return name + " " + measurements + " " + metadata;
        }
    }
}
