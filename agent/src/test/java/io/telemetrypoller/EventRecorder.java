package io.telemetrypoller;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Test handler: keeps a copy of every event it sees and lets a test await one. */
public final class EventRecorder implements Handler {
    /** One recorded event. */
    public static final class Event {
        public final List<String> name;
        public final Map<String, Number> measurements;
        public final Map<String, Object> metadata;
        public final Object config;

        Event(List<String> name, Map<String, ? extends Number> m, Map<String, ?> meta, Object config) {
            this.name = Collections.unmodifiableList(new ArrayList<>(name));
            this.measurements = Collections.unmodifiableMap(new HashMap<String, Number>(m));
            this.metadata = Collections.unmodifiableMap(new HashMap<String, Object>(meta));
            this.config = config;
        }

        @Override
        public String toString() {
            return name + " " + measurements + " " + metadata;
        }
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void handleEvent(List<String> event, Map<String, ? extends Number> measurements,
                                         Map<String, ?> metadata, Object config) {
        events.add(new Event(event, measurements, metadata, config));
        notifyAll();
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(events);
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

    /** Waits up to {@code seconds} for {@code count} events matching; returns them. */
    public synchronized List<Event> await(Predicate<Event> match, int count, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
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
