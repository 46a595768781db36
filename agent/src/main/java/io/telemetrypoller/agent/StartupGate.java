package io.telemetrypoller.agent;

import io.telemetrypoller.Handler;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.sink.SinkSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the sinks from {@code premain} until they exist. The sinks are created on the thread
 * {@code telemetry-poller-start} so that the host's {@code main} does not wait for them (docs/performance.md,
 * start-up); the gate, attached under the sinks' handler id in {@code premain}, holds the events the
 * application emits meanwhile, then {@link #open} replays them into the sinks in order and passes every
 * later event straight through. So the sinks see every event, as when they were created in {@code premain}.
 *
 * <p>At most {@value #CAPACITY} events are held (copied: the emitter owns its maps); beyond that they are
 * counted and dropped, which only a host emitting thousands of events in its first milliseconds meets.
 *
 * <p>Thread rules: any thread may emit; {@link #open} is called once, by the start thread. Until then
 * emitters take the gate's lock; after it, one volatile read.
 */
final class StartupGate implements Handler {
    static final int CAPACITY = 1024;

    private final Object lock = new Object();
    private List<Held> held = new ArrayList<>(); // guarded by lock; null once open or closed
    private int dropped; // guarded by lock
    private volatile Handler target;

    /** Subscribes to every event under the sinks' handler id; false if that id is taken. */
    boolean attach() {
        return Telemetry.attachAll(SinkSet.HANDLER_ID, this, null);
    }

    @Override
    public void handleEvent(List<String> event, Map<String, ? extends Number> measurements,
                            Map<String, ?> metadata, Object config) {
        Handler t = target;
        if (t == null) {
            synchronized (lock) {
                t = target;
                if (t == null) {
                    hold(event, measurements, metadata);
                    return;
                }
            }
        }
        t.handleEvent(event, measurements, metadata, config);
    }

    /** Replays the held events into {@code sinks}, then forwards every event to them. */
    void open(Handler sinks) {
        synchronized (lock) {
            if (held != null) {
                for (Held h : held) {
                    sinks.handleEvent(h.event, h.measurements, h.metadata, null);
                }
            }
            held = null;
            target = sinks;
            lock.notifyAll();
        }
    }

    /** Drops what is held and holds nothing more (the launch was cancelled: stop came first). */
    void close() {
        synchronized (lock) {
            held = null;
            lock.notifyAll();
        }
    }

    /** True while events wait for the sinks. */
    boolean holdsEvents() {
        synchronized (lock) {
            return held != null && (!held.isEmpty() || dropped > 0);
        }
    }

    /** Waits up to {@code millis} for {@link #open} or {@link #close}; true if either happened. */
    boolean awaitOpen(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (held != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left / 1_000_000L + 1);
            }
            return true;
        }
    }

    /** Events dropped because more than {@value #CAPACITY} arrived before the sinks. */
    int dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    private void hold(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        if (held == null) {
            return; // closed
        }
        if (held.size() >= CAPACITY) {
            dropped++;
            return;
        }
        try {
            held.add(new Held(Collections.unmodifiableList(new ArrayList<>(event)), copy(measurements),
                    copy(metadata)));
        } catch (RuntimeException unreadable) {
            dropped++; // a map that fails to copy must not get the gate (and so the sinks) detached
        }
    }

    private static <V> Map<String, V> copy(Map<String, ? extends V> map) {
        return map == null ? Collections.<String, V>emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<String, V>(map)); // keeps the emitter's order
    }

    private static final class Held {
        final List<String> event;
        final Map<String, Number> measurements;
        final Map<String, Object> metadata;

        Held(List<String> event, Map<String, Number> measurements, Map<String, Object> metadata) {
            this.event = event;
            this.measurements = measurements;
            this.metadata = metadata;
        }
    }
}
