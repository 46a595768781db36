package io.telemetrypoller;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.CapturingThread;
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
    /** How deep one thread may re-enter dispatch from inside handlers before the re-entering one is detached. */
    public static final int MAX_REENTRY = 16;

    private static final Object LOCK = new Object();
    private static volatile Entry[] entries = NONE;

    private Telemetry() {
    }

    /**
     * Emits an event to every handler attached to exactly this name and to every handler attached to
     * all events (the sinks). Never throws: a handler that fails is detached and reported.
     *
     * <p>Null input never reaches a handler: a null or empty {@code event}, or one with a null element,
     * is dropped (reported once, counted in the {@code agent} measurement's {@code events_rejected});
     * null {@code measurements} are treated as empty and a null measurement key or value is dropped
     * (each reported once); null {@code metadata} is an empty map, a null metadata key is dropped, a null
     * metadata value is kept.
     *
     * <p>A handler that emits, directly or through other handlers, events that come back to it is bounded:
     * dispatch re-entered {@value #MAX_REENTRY} levels deep on one thread is refused, and the handler that
     * re-entered it is detached and reported like any failing handler.
     */
    public static void execute(List<String> event, Map<String, ? extends Number> measurements,
                               Map<String, ?> metadata) {
        Thread current = Thread.currentThread();
        if (current instanceof CapturingThread) { // top's own readings: never the handlers'
            ((CapturingThread) current).captured(event, measurements, metadata);
            return;
        }
        Entry[] snapshot = entries;
        if (snapshot.length == 0) {
            return;
        }
        String bad = EventEdge.badName(event);
        if (bad != null) {
            EventEdge.rejected(bad);
            return;
        }
        Reentry reentry = Reentry.current();
        if (reentry.depth >= MAX_REENTRY) {
            loops(reentry, event);
            return;
        }
        Map<String, ? extends Number> m = EventEdge.measurements(event, measurements);
        Map<String, ?> md = EventEdge.metadata(metadata);
        int hash = hashOf(event);
        for (int i = 0; i < snapshot.length; i++) {
            Entry entry = snapshot[i];
            if (entry.eventName == null || (entry.hash == hash && sameName(entry.eventName, event))) {
                invoke(reentry, entry, event, m, md);
            }
        }
    }

    /** The peer's {@code execute/2}: {@link #execute(List, Map, Map)} with empty metadata. */
    public static void execute(List<String> event, Map<String, ? extends Number> measurements) {
        execute(event, measurements, Collections.<String, Object>emptyMap());
    }

    /**
     * Attaches {@code handler} under a unique id to one event. Returns false if the id is taken.
     *
     * @throws IllegalArgumentException if the event name is null, empty or has a null element (the
     *         peer's badarg), or the id or handler is null
     */
    public static boolean attach(String handlerId, List<String> eventName, Handler handler, Object config) {
        return attachMany(handlerId, Collections.singletonList(eventName), handler, config);
    }

    /** Attaches one handler under one id to several events. Returns false if the id is taken; throws as {@link #attach}. */
    public static boolean attachMany(String handlerId, List<List<String>> eventNames, Handler handler,
                                     Object config) {
        requireNonNull(handlerId, "handlerId");
        requireNonNull(handler, "handler");
        requireNonNull(eventNames, "eventNames");
        List<Entry> added = new ArrayList<>(eventNames.size());
        for (List<String> name : eventNames) {
            EventEdge.requireValidName(name);
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
        requireNonNull(prefix, "prefix");
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
     * {@code kind} (error, throw or exit: see {@code docs/differences.md}), {@code reason},
     * {@code stacktrace}); the exception is rethrown unchanged. Every event carries {@code monotonic_time}
     * (nanoseconds) and the metadata {@code telemetry_span_context}: the caller's, if the start metadata
     * has one, else a value unique per span. The stop event carries the start metadata; to give it
     * other metadata or extra measurements, use {@link #spanWithResult}.
     */
    public static <T> T span(List<String> prefix, Map<String, ?> metadata, SpanFunction<T> fn) throws Exception {
        return spanWithResult(prefix, metadata, () -> SpanResult.of(fn.call(), null, null));
    }

    /**
     * The peer's span function shape: {@code fn} returns its result with the stop event's metadata
     * (the peer's {@code {Result, StopMetadata}}) and, optionally, extra stop measurements
     * ({@code {Result, ExtraMeasurements, StopMetadata}}), built with {@link SpanResult#of}.
     * A null stop metadata keeps the start metadata. {@code duration} and {@code monotonic_time} win
     * over extra measurements of the same name, as in the peer.
     */
    public static <T> T spanWithResult(List<String> prefix, Map<String, ?> metadata,
                                       SpanResultFunction<T> fn) throws Exception {
        Map<String, Object> meta = withSpanContext(metadata, null);
        Object context = meta.get("telemetry_span_context");
        long start = System.nanoTime();
        Map<String, Number> startMeasurements = new HashMap<>(4);
        startMeasurements.put("monotonic_time", start);
        startMeasurements.put("system_time", System.currentTimeMillis() * 1_000_000L);
        execute(append(prefix, "start"), startMeasurements, meta);
        SpanResult<T> result;
        try {
            result = fn.call();
        } catch (Throwable t) {
            long end = System.nanoTime();
            Map<String, Object> failed = new HashMap<>(meta);
            failed.put("kind", kindOf(t));
            failed.put("reason", String.valueOf(t));
            failed.put("stacktrace", Arrays.asList(t.getStackTrace()).toString());
            execute(append(prefix, "exception"), durationAt(null, start, end), failed);
            throw t;
        }
        long end = System.nanoTime();
        if (result == null) {
            execute(append(prefix, "stop"), durationAt(null, start, end), meta);
            return null;
        }
        Map<String, Object> stopMeta = result.stopMetadata() == null ? meta
                : withSpanContext(result.stopMetadata(), context);
        execute(append(prefix, "stop"), durationAt(result.extraMeasurements(), start, end), stopMeta);
        return result.result();
    }

    /** A copy of {@code metadata} with a span context: its own if it has one, else {@code context} or a new one. */
    private static Map<String, Object> withSpanContext(Map<String, ?> metadata, Object context) {
        Map<String, Object> meta = metadata == null ? new HashMap<String, Object>() : new HashMap<String, Object>(metadata);
        if (!meta.containsKey("telemetry_span_context")) {
            meta.put("telemetry_span_context", context != null ? context : SPAN_IDS.incrementAndGet());
        }
        return meta;
    }

    private static Map<String, Number> durationAt(Map<String, ? extends Number> extra, long start, long end) {
        Map<String, Number> m = extra == null ? new HashMap<String, Number>(4) : new HashMap<String, Number>(extra);
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

    private static void invoke(Reentry reentry, Entry entry, List<String> event,
                               Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        Entry outer = reentry.running;
        reentry.running = entry;
        reentry.depth++;
        Poller.enterHandler(entry.id);
        try {
            entry.handler.handleEvent(event, measurements, metadata, entry.config);
        } catch (VirtualMachineError e) {
            // out of memory (or stack) inside the handler is the JVM's state, not the handler's fault:
            // detaching would silence it (and the agent's sinks) for good after the host recovers
        } catch (Throwable t) {
            handlerFailed(entry, event, t, kindOf(t));
        } finally {
            reentry.depth--;
            reentry.running = outer;
            Poller.enterHandler(outer == null ? null : outer.id);
        }
    }

    /** Dispatch re-entered {@link #MAX_REENTRY} deep: the handler running now emitted the event that loops. */
    private static void loops(Reentry reentry, List<String> event) {
        Entry looping = reentry.running;
        if (looping == null) {
            return; // depth > 0 always has a running handler; kept for safety
        }
        handlerFailed(looping, looping.eventName == null ? event : looping.eventName,
                new IllegalStateException("handler re-entered Telemetry.execute " + MAX_REENTRY
                        + " levels deep (last event " + event + "): it emits an event that comes back to it"),
                "error");
    }

    /** Detaches a handler that blocked a poller past its budget, and announces it as a failure. */
    static void detachBlocked(String handlerId, String reason) {
        for (Entry e : entries) {
            if (e.id.equals(handlerId)) {
                // the peer's exit: the handler's work was ended from outside
                handlerFailed(e, e.eventName == null ? Collections.<String>emptyList() : e.eventName,
                        new java.util.concurrent.TimeoutException(reason), "exit");
                return;
            }
        }
    }

    /**
     * The peer's failure kinds (error, exit, throw) for a Java throwable: an unchecked exception is a
     * runtime fault ({@code error}), a checked exception a declared, expected outcome ({@code throw}),
     * an {@link Error} a condition the thread is not meant to survive ({@code exit}).
     */
    static String kindOf(Throwable t) {
        if (t instanceof RuntimeException) {
            return "error";
        }
        if (t instanceof Error) {
            return "exit";
        }
        return "throw";
    }

    private static void handlerFailed(Entry entry, List<String> event, Throwable t, String kind) {
        try {
            if (!detach(entry.id)) {
                return; // another thread saw it fail first and already reported it
            }
            SelfStats.HANDLERS_DETACHED.incrementAndGet();
            AgentLog.warn("handler '" + entry.id + "' failed on event " + event + " and was detached: " + t);
            Map<String, Object> meta = new HashMap<>(8);
            meta.put("handler_id", entry.id);
            meta.put("handler_config", entry.config);
            meta.put("event_name", event);
            meta.put("kind", kind);
            meta.put("reason", String.valueOf(t));
            meta.put("stacktrace", Arrays.asList(t.getStackTrace()).toString());
            Map<String, Number> measurements = new HashMap<>(4);
            measurements.put("monotonic_time", System.nanoTime());
            measurements.put("system_time", System.currentTimeMillis() * 1_000_000L);
            // the failure event is dispatched afresh, even from deep inside a loop that was just cut
            Reentry reentry = Reentry.current();
            int depth = reentry.depth;
            reentry.depth = 0;
            try {
                execute(HANDLER_FAILURE, measurements, meta);
            } finally {
                reentry.depth = depth;
            }
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
            throw new IllegalArgumentException(what + ": must not be null");
        }
    }

    /** This thread's dispatch nesting: how deep handlers re-entered {@link #execute}, and which runs now. */
    private static final class Reentry {
        private static final ThreadLocal<Reentry> CURRENT = new ThreadLocal<>();

        int depth;
        Entry running;

        static Reentry current() {
            Reentry r = CURRENT.get();
            if (r == null) {
                r = new Reentry();
                CURRENT.set(r);
            }
            return r;
        }
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
