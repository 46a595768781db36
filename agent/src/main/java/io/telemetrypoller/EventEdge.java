package io.telemetrypoller;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The null handling of {@link Telemetry}'s API edge, so that no handler or sink ever sees a null the
 * application passed in. {@code execute} is called from hot paths and must never throw, so bad input is
 * reported once, counted and dropped or repaired here; {@code attach} is configuration time and throws.
 * <ul>
 *   <li>a null or empty event name, or one with a null element: the event is dropped (execute) or
 *       {@link IllegalArgumentException} (attach);</li>
 *   <li>null measurements: treated as empty (reported once); a null measurement value or key: that
 *       entry is dropped (reported once);</li>
 *   <li>null metadata: treated as empty (no report: "no metadata" is a normal Java idiom); a null
 *       metadata key is dropped; a null metadata value is kept (JSON {@code null}, StatsD {@code nil}).</li>
 * </ul>
 * The checks allocate nothing when the input is clean.
 */
final class EventEdge {
    /** Map classes seen refusing {@code containsValue(null)}: they cannot hold a null, skip the probe. */
    private static final Set<Class<?>> NULL_HOSTILE = ConcurrentHashMap.newKeySet();

    private EventEdge() {
    }

    /** Why {@code event} cannot be dispatched, or null if it can. */
    static String badName(List<String> event) {
        if (event == null) {
            return "a null event name";
        }
        if (event.isEmpty()) {
            return "an empty event name";
        }
        if (event instanceof RandomAccess) {
            for (int i = 0, n = event.size(); i < n; i++) {
                if (event.get(i) == null) {
                    return "a null element in event name " + event;
                }
            }
            return null;
        }
        return event.contains(null) ? "a null element in event name " + event : null;
    }

    /** For attach: the same rules, as an exception naming the argument. */
    static void requireValidName(List<String> event) {
        String bad = badName(event);
        if (bad != null) {
            throw new IllegalArgumentException("event name: expected a non-empty list of non-null strings, got "
                    + bad.replace("a null element in event name", "a null element in"));
        }
    }

    /** Drops the event and says so once per kind of problem. */
    static void rejected(String reason) {
        SelfStats.EVENTS_REJECTED.incrementAndGet();
        AgentLog.warnOnce("execute:" + reason.replaceAll(" \\[.*", ""),
                "Telemetry.execute was given " + reason + ": the event was dropped (reported once, counted in events_rejected)");
    }

    @SuppressWarnings("unchecked")
    static Map<String, ? extends Number> measurements(List<String> event, Map<String, ? extends Number> m) {
        if (m == null) {
            AgentLog.warnOnce("execute:null measurements", "Telemetry.execute was given null measurements for "
                    + event + ": treated as empty (reported once)");
            return Collections.<String, Number>emptyMap();
        }
        if (!hasNull(m)) {
            return m;
        }
        AgentLog.warnOnce("execute:null measurement", "Telemetry.execute was given a null measurement key or value for "
                + event + ": that measurement was dropped (reported once)");
        return (Map<String, ? extends Number>) withoutNulls(m, true);
    }

    static Map<String, ?> metadata(Map<String, ?> md) {
        if (md == null) {
            return Collections.<String, Object>emptyMap();
        }
        if (!hasNullKey(md)) {
            return md;
        }
        return withoutNulls(md, false);
    }

    private static boolean hasNull(Map<?, ?> m) {
        if (m.isEmpty() || NULL_HOSTILE.contains(m.getClass())) {
            return false;
        }
        try {
            return m.containsValue(null) || m.containsKey(null);
        } catch (RuntimeException refusesNull) { // NullPointerException, ClassCastException: holds no null
            NULL_HOSTILE.add(m.getClass());
            return false;
        }
    }

    private static boolean hasNullKey(Map<?, ?> m) {
        if (m.isEmpty() || NULL_HOSTILE.contains(m.getClass())) {
            return false;
        }
        try {
            return m.containsKey(null);
        } catch (RuntimeException refusesNull) {
            NULL_HOSTILE.add(m.getClass());
            return false;
        }
    }

    private static Map<String, ?> withoutNulls(Map<String, ?> m, boolean values) {
        Map<String, Object> copy = new HashMap<>();
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (e.getKey() != null && (!values || e.getValue() != null)) {
                copy.put(e.getKey(), e.getValue());
            }
        }
        return copy;
    }
}
