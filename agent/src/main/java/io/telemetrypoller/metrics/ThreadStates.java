package io.telemetrypoller.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread's state in an event's metadata ({@code state}, a {@link Thread.State} name, as process_info
 * reports it) is not a series identity in the zero-config metrics: a worker would get one series per state
 * it was ever in, and {@code sum()} would count it several times. So its measurements are tagged without
 * it, and the state becomes a state set (the OpenMetrics convention): the gauge {@code <event>.state} once
 * per {@link Thread.State}, tagged {@code state=NAME}, 1 for the current state and 0 for the others.
 */
final class ThreadStates {
    static final String KEY = "state";
    private static final Thread.State[] STATES = Thread.State.values();

    private ThreadStates() {
    }

    /** The metadata's thread state, or null when it has none (or another kind of {@code state}). */
    static String of(Map<String, ?> metadata) {
        Object v = metadata.get(KEY);
        if (!(v instanceof String)) {
            return null;
        }
        for (Thread.State s : STATES) {
            if (s.name().equals(v)) {
                return s.name();
            }
        }
        return null;
    }

    /** The metadata without its state: the tags of the measurements. */
    static Map<String, Object> without(Map<String, ?> metadata) {
        Map<String, Object> out = new LinkedHashMap<>(metadata);
        out.remove(KEY);
        return out;
    }

    /** One sample per state: {@code state=NAME}, 1 for {@code current}, 0 for the others. */
    static void record(MetricDefinition gauge, Map<String, Object> tags, String current, MetricRecorder recorder) {
        for (Thread.State s : STATES) {
            Map<String, Object> one = new LinkedHashMap<>(tags);
            one.put(KEY, s.name());
            recorder.record(gauge, s.name().equals(current) ? 1 : 0, one);
        }
    }
}
