package io.telemetrypoller;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-JVM event bus, a port of Erlang's {@code :telemetry}: {@link #execute} emits an event,
 * {@link #attach} subscribes a {@link Handler} to an event name, {@link #span} wraps a piece of work in
 * {@code start}/{@code stop}/{@code exception} events.
 *
 * <pre>{@code
 * Telemetry.attach("log-memory", Arrays.asList("vm", "memory"),
 *     (event, measurements, metadata, config) -> System.out.println(measurements.get("total")), null);
 * Telemetry.execute(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 123L), Collections.emptyMap());
 * }</pre>
 *
 * <p>Thread rules: every method is thread-safe. Handlers run on the emitting thread, in attach order.
 * Attaching and detaching copy the handler table (rare); {@link #execute} reads one volatile snapshot and
 * allocates nothing of its own: with no handler attached it returns after one array-length check.
 */
public final class Telemetry {
    private static final List<String> HANDLER_FAILURE = Collections.unmodifiableList(
            Arrays.asList("telemetry", "handler", "failure"));
    private static final Entry[] NONE = new Entry[0];
    private static final AtomicLong SPAN_IDS = new AtomicLong();

    private static final Object LOCK = new Object();
    private static volatile Entry[] entries = NONE;
    /** How deep one thread may re-enter dispatch from within handlers before the loop is cut. */
    static final int MAX_REENTRY = 16;
    private static final ThreadLocal<Dispatch> DISPATCH = new ThreadLocal<Dispatch>() {
        @Override
        protected Dispatch initialValue() {
            return new Dispatch();
        }
    };

    private Telemetry() {
    }

    /**
     * Emits an event to every handler attached to exactly this name and to every handler attached to
     * all events (the sinks). Never throws: a handler that fails is detached and reported.
     *
     * <p>At the edge, never inside a sink: a null, empty or null-containing event name is dropped,
     * reported once and counted ({@code :telemetry} answers badarg; an application's hot path must not
     * get an exception from its telemetry); null measurements or metadata are taken as empty maps.
     * An event executed from within a handler more than {@value #MAX_REENTRY} levels deep on one thread
     * (a handler that emits what it handles) is not dispatched: the handler that emitted it is detached
     * and reported as a failure, so a loop reaches the sinks at most that many times.
     */
    public static void execute(List<String> event, Map<String, ? extends Number> measurements,
                               Map<String, ?> metadata) {
        Entry[] snapshot = entries;
        if (snapshot.length == 0) {
            return;
        }
        if (!isEventName(event)) {
            badEvent(event);
            return;
        }
        if (measurements == null) {
            measurements = Collections.emptyMap();
        }
        if (metadata == null) {
            metadata = Collections.emptyMap();
        }
        Dispatch dispatch = DISPATCH.get();
        if (dispatch.depth >= MAX_REENTRY) {
            loopingHandler(dispatch, event);
            return;
        }
        int hash = hashOf(event);
        for (int i = 0; i < snapshot.length; i++) {
            Entry entry = snapshot[i];
            if (entry.eventName == null || (entry.hash == hash && sameName(entry.eventName, event))) {
                invoke(dispatch, entry, event, measurements, metadata);
            }
        }
    }

    /** The peer's {@code execute/2}: an event with no metadata. */
    public static void execute(List<String> event, Map<String, ? extends Number> measurements) {
        execute(event, measurements, Collections.<String, Object>emptyMap());
    }

    private static boolean isEventName(List<String> event) {
        if (event == null || event.isEmpty()) {
            return false;
        }
        for (int i = 0, n = event.size(); i < n; i++) {
            if (event.get(i) == null) {
                return false;
            }
        }
        return true;
    }

    private static void badEvent(List<String> event) {
        SelfStats.EVENTS_REFUSED.incrementAndGet();
        AgentLog.warnOnce("telemetry-bad-event-name",
                "Telemetry.execute: an event name must be a non-empty list of non-null strings, not " + event
                        + "; such events are dropped (reported once)");
    }

    private static void loopingHandler(Dispatch dispatch, List<String> event) {
        SelfStats.EVENTS_REFUSED.incrementAndGet();
        Entry looping = dispatch.running;
        if (looping == null) {
            return;
        }
        int depth = dispatch.depth;
        dispatch.depth = 0; // so that the failure event itself is dispatched
        try {
            handlerFailed(looping, looping.eventName == null ? event : looping.eventName,
                    new IllegalStateException("re-entered Telemetry.execute " + MAX_REENTRY
                            + " levels deep on one thread (it emits the events it handles?); last event " + event));
        } finally {
            dispatch.depth = depth;
        }
    }

    /** Attaches {@code handler} under a unique id to one event. Returns false if the id is taken. */
    public static boolean attach(String handlerId, List<String> eventName, Handler handler, Object config) {
        return attachMany(handlerId, Collections.singletonList(eventName), handler, config);
    }

    /** Attaches one handler under one id to several events. Returns false if the id is taken. */
    public static boolean attachMany(String handlerId, List<List<String>> eventNames, Handler handler,
                                     Object config) {
        requireNonNull(handlerId, "handlerId");
        requireNonNull(handler, "handler");
        requireNonNull(eventNames, "eventNames");
        List<Entry> added = new ArrayList<>(eventNames.size());
        for (List<String> name : eventNames) {
            if (!isEventName(name)) {
                throw new IllegalArgumentException("an event name must be a non-empty list of non-null strings, not " + name);
            }
            List<String> copy = Collections.unmodifiableList(new ArrayList<>(name));
            added.add(new Entry(handlerId, copy, handler, config));
        }
        return add(handlerId, added);
    }

    /**
     * Attaches a handler that sees every event emitted in the JVM, whatever its name. This is how sinks
     * subscribe; Erlang's {@code :telemetry} has no such wildcard. Returns false if the id is taken.
     */
    public static boolean attachAll(String handlerId, Handler handler, Object config) {
        requireNonNull(handlerId, "handlerId");
        requireNonNull(handler, "handler");
        return add(handlerId, Collections.singletonList(new Entry(handlerId, null, handler, config)));
    }

    /** Detaches every event of this handler id. Returns false if no handler had that id. */
    public static boolean detach(String handlerId) {
        synchronized (LOCK) {
            Entry[] current = entries;
            List<Entry> kept = new ArrayList<>(current.length);
            for (Entry e : current) {
                if (!e.id.equals(handlerId)) {
                    kept.add(e);
                }
            }
            if (kept.size() == current.length) {
                return false;
            }
            entries = kept.toArray(NONE);
            return true;
        }
    }

    /** Handlers whose event name starts with {@code prefix}; an empty prefix lists every handler. */
    public static List<HandlerInfo> listHandlers(List<String> prefix) {
        List<HandlerInfo> result = new ArrayList<>();
        for (Entry e : entries) {
            if (prefix.isEmpty()
                    || (e.eventName != null && e.eventName.size() >= prefix.size()
                        && e.eventName.subList(0, prefix.size()).equals(prefix))) {
                result.add(new HandlerInfo(e.id, e.eventName, e.handler, e.config));
            }
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Runs {@code fn} between a {@code prefix ++ [start]} event and either {@code prefix ++ [stop]} (with
     * {@code duration} in nanoseconds) or, if it throws, {@code prefix ++ [exception]} (metadata adds
     * {@code kind}, {@code reason}, {@code stacktrace}); the exception is rethrown unchanged.
     * Every event carries {@code monotonic_time} (nanoseconds) and the metadata
     * {@code telemetry_span_context}, unique per span.
     */
    public static <T> T span(List<String> prefix, Map<String, ?> metadata, SpanFunction<T> fn) throws Exception {
        Map<String, Object> meta = new HashMap<>(metadata);
        meta.put("telemetry_span_context", SPAN_IDS.incrementAndGet());
        long start = System.nanoTime();
        Map<String, Number> startMeasurements = new HashMap<>(4);
        startMeasurements.put("monotonic_time", start);
        startMeasurements.put("system_time", System.currentTimeMillis() * 1_000_000L);
        execute(append(prefix, "start"), startMeasurements, meta);
        T result;
        try {
            result = fn.call();
        } catch (Throwable t) {
            long end = System.nanoTime();
            Map<String, Object> failed = new HashMap<>(meta);
            failed.put("kind", t instanceof Error ? "error" : "exception");
            failed.put("reason", String.valueOf(t));
            failed.put("stacktrace", Arrays.asList(t.getStackTrace()).toString());
            execute(append(prefix, "exception"), durationAt(start, end), failed);
            throw t;
        }
        long end = System.nanoTime();
        execute(append(prefix, "stop"), durationAt(start, end), meta);
        return result;
    }

    private static Map<String, Number> durationAt(long start, long end) {
        Map<String, Number> m = new HashMap<>(4);
        m.put("duration", end - start);
        m.put("monotonic_time", end);
        return m;
    }

    private static List<String> append(List<String> prefix, String last) {
        List<String> name = new ArrayList<>(prefix.size() + 1);
        name.addAll(prefix);
        name.add(last);
        return name;
    }

    private static boolean add(String handlerId, List<Entry> added) {
        synchronized (LOCK) {
            Entry[] current = entries;
            for (Entry e : current) {
                if (e.id.equals(handlerId)) {
                    return false;
                }
            }
            Entry[] next = Arrays.copyOf(current, current.length + added.size());
            for (int i = 0; i < added.size(); i++) {
                next[current.length + i] = added.get(i);
            }
            entries = next;
            return true;
        }
    }

    private static void invoke(Dispatch dispatch, Entry entry, List<String> event,
                               Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        Poller.enterHandler(entry.id);
        Entry outer = dispatch.running;
        dispatch.running = entry;
        dispatch.depth++;
        try {
            entry.handler.handleEvent(event, measurements, metadata, entry.config);
        } catch (VirtualMachineError e) {
            // out of memory (or stack) inside the handler is the JVM's state, not the handler's fault:
            // detaching would silence it (and the agent's sinks) for good after the host recovers
        } catch (Throwable t) {
            handlerFailed(entry, event, t);
        } finally {
            dispatch.depth--;
            dispatch.running = outer;
            Poller.enterHandler(outer == null ? null : outer.id);
        }
    }

    /** Detaches a handler that blocked a poller past its budget, and announces it as a failure. */
    static void detachBlocked(String handlerId, String reason) {
        for (Entry e : entries) {
            if (e.id.equals(handlerId)) {
                handlerFailed(e, e.eventName == null ? Collections.<String>emptyList() : e.eventName,
                        new java.util.concurrent.TimeoutException(reason));
                return;
            }
        }
    }

    private static void handlerFailed(Entry entry, List<String> event, Throwable t) {
        try {
            if (!detach(entry.id)) {
                return; // another thread saw it fail first and already reported it
            }
            SelfStats.HANDLERS_DETACHED.incrementAndGet();
            AgentLog.warn("handler '" + entry.id + "' failed on event " + event + " and was detached: " + t);
            Map<String, Object> meta = new HashMap<>(8);
            meta.put("handler_id", entry.id);
            meta.put("event_name", event);
            meta.put("kind", t instanceof Error ? "error" : "exception");
            meta.put("reason", String.valueOf(t));
            Map<String, Number> measurements = new HashMap<>(4);
            measurements.put("monotonic_time", System.nanoTime());
            execute(HANDLER_FAILURE, measurements, meta);
        } catch (Throwable ignored) {
            // reporting a failure must never become one
        }
    }

    /** Same as {@link List#hashCode()} without an iterator, so the dispatch allocates nothing. */
    static int hashOf(List<String> name) {
        if (!(name instanceof RandomAccess)) {
            return name.hashCode();
        }
        int h = 1;
        for (int i = 0, n = name.size(); i < n; i++) {
            String s = name.get(i);
            h = 31 * h + (s == null ? 0 : s.hashCode());
        }
        return h;
    }

    private static boolean sameName(List<String> attached, List<String> emitted) {
        int n = attached.size();
        if (emitted.size() != n) {
            return false;
        }
        if (!(emitted instanceof RandomAccess)) {
            return attached.equals(emitted);
        }
        for (int i = 0; i < n; i++) {
            String a = attached.get(i);
            String b = emitted.get(i);
            if (a != b && (a == null || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    private static void requireNonNull(Object value, String what) {
        if (value == null) {
            throw new NullPointerException(what);
        }
    }

    /** One thread's place in dispatch: how many handlers deep, and which handler runs now. */
    private static final class Dispatch {
        int depth;
        Entry running;
    }

    private static final class Entry {
        final String id;
        final List<String> eventName; // null: every event
        final int hash;
        final Handler handler;
        final Object config;

        Entry(String id, List<String> eventName, Handler handler, Object config) {
            this.id = id;
            this.eventName = eventName;
            this.hash = eventName == null ? 0 : hashOf(eventName);
            this.handler = handler;
            this.config = config;
        }
    }
}
