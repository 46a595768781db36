package io.telemetrypoller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Test handler: keeps a copy of every event it sees (maps in their emitted order) and lets a test await
 * one. Attach it yourself as a {@link Handler}, or with {@link #attach} to the events named.
 */
public final class EventRecorder implements Handler {
    private static final AtomicInteger IDS = new AtomicInteger();

    /** One recorded event. */
    public static final class Event {
        public final List<String> name;
        public final Map<String, Number> measurements;
        public final Map<String, Object> metadata;
        public final Object config;

        Event(List<String> name, Map<String, ? extends Number> m, Map<String, ?> meta, Object config) {
            this.name = Collections.unmodifiableList(new ArrayList<>(name));
            this.measurements = Collections.unmodifiableMap(new LinkedHashMap<String, Number>(m));
            this.metadata = Collections.unmodifiableMap(new LinkedHashMap<String, Object>(meta));
            this.config = config;
        }

        /** The measurement keys in the order they were emitted. */
        public List<String> keys() {
            return new ArrayList<>(measurements.keySet());
        }

        @Override
        public String toString() {
            return name + " " + measurements + " " + metadata;
        }
    }

    private final String id = "event-recorder-" + IDS.incrementAndGet();
    private final List<Event> events = new ArrayList<>();

    /** A recorder attached to the events named; {@link #detach} it after the test. */
    @SafeVarargs
    public static EventRecorder attach(List<String>... names) {
        EventRecorder r = new EventRecorder();
        Telemetry.attachMany(r.id, Arrays.asList(names), r, null);
        return r;
    }

    /** An event name: {@code name("vm", "memory")}. */
    public static List<String> name(String... parts) {
        return Arrays.asList(parts);
    }

    public void detach() {
        Telemetry.detach(id);
    }

    @Override
    public synchronized void handleEvent(List<String> event, Map<String, ? extends Number> measurements,
                                         Map<String, ?> metadata, Object config) {
        events.add(new Event(event, measurements, metadata, config));
        notifyAll();
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    public synchronized void clear() {
        events.clear();
    }

    /** The only event captured so far; fails unless there is exactly one. */
    public synchronized Event single() {
        if (events.size() != 1) {
            throw new AssertionError("expected one event, got " + events);
        }
        return events.get(0);
    }

    public synchronized List<Event> named(List<String> name) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.name.equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Waits up to {@code timeoutMs} for one event matching; null if none came. */
    public Event await(Predicate<Event> match, long timeoutMs) throws InterruptedException {
        List<Event> found = awaitMatching(match, 1, timeoutMs);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Waits up to {@code seconds} for {@code count} events matching; returns them. */
    public List<Event> await(Predicate<Event> match, int count, long seconds) throws InterruptedException {
        return awaitMatching(match, count, TimeUnit.SECONDS.toMillis(seconds));
    }

    private synchronized List<Event> awaitMatching(Predicate<Event> match, int count, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            List<Event> found = new ArrayList<>();
            for (Event e : events) {
                if (match.test(e)) {
                    found.add(e);
                }
            }
            long left = deadline - System.nanoTime();
            if (found.size() >= count || left <= 0) {
                return found;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
