package io.telemetrypoller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryTest {
    private static final List<String> MEMORY = Arrays.asList("vm", "memory");
    private static final List<String> FAILURE = Arrays.asList("telemetry", "handler", "failure");

    @AfterEach
    void detachAll() {
        for (HandlerInfo h : Telemetry.listHandlers(Collections.<String>emptyList())) {
            Telemetry.detach(h.id());
        }
    }

    @Test
    void executeReachesOnlyHandlersOfThatExactEvent() {
        EventRecorder memory = new EventRecorder();
        EventRecorder other = new EventRecorder();
        assertTrue(Telemetry.attach("memory", MEMORY, memory, "cfg"));
        assertTrue(Telemetry.attach("other", Arrays.asList("vm", "memory", "pool"), other, null));

        Telemetry.execute(new ArrayList<>(MEMORY), Collections.singletonMap("total", 42L),
                Collections.singletonMap("node", "a"));

        assertEquals(1, memory.events().size());
        EventRecorder.Event e = memory.events().get(0);
        assertEquals(MEMORY, e.name);
        assertEquals(Collections.singletonMap("total", 42L), e.measurements);
        assertEquals(Collections.singletonMap("node", "a"), e.metadata);
        assertEquals("cfg", e.config);
        assertEquals(0, other.events().size());
    }

    @Test
    void handlerIdsAreUnique() {
        assertTrue(Telemetry.attach("dup", MEMORY, (a, b, c, d) -> { }, null));
        assertFalse(Telemetry.attach("dup", Arrays.asList("x"), (a, b, c, d) -> { }, null));
        assertFalse(Telemetry.attachAll("dup", (a, b, c, d) -> { }, null));
        assertTrue(Telemetry.detach("dup"));
        assertFalse(Telemetry.detach("dup"));
    }

    @Test
    void attachManyListsEachEventAndDetachesTogether() {
        EventRecorder r = new EventRecorder();
        Telemetry.attachMany("many", Arrays.asList(MEMORY, Arrays.asList("vm", "gc")), r, null);
        Telemetry.attach("cpu", Arrays.asList("vm", "cpu"), r, null);
        Telemetry.attach("app", Arrays.asList("app", "x"), r, null);

        assertEquals(3, Telemetry.listHandlers(Arrays.asList("vm")).size());
        assertEquals(1, Telemetry.listHandlers(Arrays.asList("vm", "gc")).size());
        assertEquals(4, Telemetry.listHandlers(Collections.<String>emptyList()).size());

        Telemetry.execute(Arrays.asList("vm", "gc"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        Telemetry.detach("many");
        Telemetry.execute(Arrays.asList("vm", "gc"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        assertEquals(1, r.events().size());
        assertEquals(2, Telemetry.listHandlers(Collections.<String>emptyList()).size());
    }

    @Test
    void attachAllSeesEveryEvent() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Telemetry.execute(MEMORY, Collections.<String, Number>emptyMap(), Collections.emptyMap());
        Telemetry.execute(Arrays.asList("my", "app"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        assertEquals(2, all.events().size());
    }

    @Test
    void failingHandlerIsDetachedAnnouncedAndOthersStillRun() {
        EventRecorder good = new EventRecorder();
        EventRecorder failures = new EventRecorder();
        Telemetry.attach("bad", MEMORY, (e, m, md, c) -> {
            throw new IllegalStateException("boom");
        }, null);
        Telemetry.attach("good", MEMORY, good, null);
        Telemetry.attach("failures", FAILURE, failures, null);

        Telemetry.execute(MEMORY, Collections.singletonMap("total", 1), Collections.emptyMap());
        Telemetry.execute(MEMORY, Collections.singletonMap("total", 2), Collections.emptyMap());

        assertEquals(2, good.events().size());
        assertEquals(1, failures.events().size());
        Map<String, Object> meta = failures.events().get(0).metadata;
        assertEquals("bad", meta.get("handler_id"));
        assertEquals(MEMORY, meta.get("event_name"));
        assertEquals("error", meta.get("kind"));
        assertEquals("java.lang.IllegalStateException: boom", meta.get("reason"));
        assertEquals(0, Telemetry.listHandlers(Collections.<String>emptyList()).stream()
                .filter(h -> h.id().equals("bad")).count());
    }

    @Test
    void aHandlerHitByOutOfMemoryStaysAttached() {
        EventRecorder failures = new EventRecorder();
        Telemetry.attach("failures", FAILURE, failures, null);
        int[] calls = {0};
        Telemetry.attach("starved", MEMORY, (e, m, md, c) -> {
            if (calls[0]++ == 0) {
                throw new OutOfMemoryError("Java heap space");
            }
        }, null);
        Telemetry.execute(MEMORY, Collections.<String, Number>emptyMap(), Collections.emptyMap());
        Telemetry.execute(MEMORY, Collections.<String, Number>emptyMap(), Collections.emptyMap());
        assertEquals(2, calls[0], "the JVM's exhaustion is not the handler's fault: it stays attached");
        assertEquals(0, failures.events().size());
    }

    @Test
    void spanEmitsStartAndStopWithDuration() throws Exception {
        EventRecorder r = new EventRecorder();
        List<String> prefix = Arrays.asList("app", "job");
        Telemetry.attachMany("span", Arrays.asList(Arrays.asList("app", "job", "start"),
                Arrays.asList("app", "job", "stop")), r, null);

        String result = Telemetry.span(prefix, Collections.singletonMap("job", "a"), () -> "done");

        assertEquals("done", result);
        List<EventRecorder.Event> events = r.events();
        assertEquals(Arrays.asList("app", "job", "start"), events.get(0).name);
        assertEquals(Arrays.asList("app", "job", "stop"), events.get(1).name);
        long start = events.get(0).measurements.get("monotonic_time").longValue();
        long end = events.get(1).measurements.get("monotonic_time").longValue();
        assertEquals(end - start, events.get(1).measurements.get("duration").longValue());
        assertEquals("a", events.get(1).metadata.get("job"));
        assertEquals(events.get(0).metadata.get("telemetry_span_context"),
                events.get(1).metadata.get("telemetry_span_context"));
    }

    @Test
    void spanEmitsExceptionAndRethrows() {
        EventRecorder r = new EventRecorder();
        Telemetry.attach("exc", Arrays.asList("app", "job", "exception"), r, null);
        IllegalArgumentException thrown = new IllegalArgumentException("bad input");

        IllegalArgumentException caught = assertThrows(IllegalArgumentException.class,
                () -> Telemetry.span(Arrays.asList("app", "job"), Collections.emptyMap(), () -> {
                    throw thrown;
                }));

        assertSame(thrown, caught);
        EventRecorder.Event e = r.events().get(0);
        assertEquals("error", e.metadata.get("kind"));
        assertEquals("java.lang.IllegalArgumentException: bad input", e.metadata.get("reason"));
        assertTrue(e.measurements.get("duration").longValue() >= 0);
    }

    @Test
    void executeWithNoHandlerAllocatesNothing() {
        Map<String, Number> m = new HashMap<>();
        m.put("total", 1L);
        Map<String, Object> meta = Collections.emptyMap();
        long allocated = allocatedBytes(() -> {
            for (int i = 0; i < 200_000; i++) {
                Telemetry.execute(MEMORY, m, meta);
            }
        });
        // the measuring calls themselves may allocate a few bytes; 200k dispatches allocating even
        // one object each would show as megabytes
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
    }

    @Test
    void dispatchToOneHandlerAllocatesNothingItself() {
        Telemetry.attach("noop", MEMORY, (e, mm, md, c) -> { }, null);
        Map<String, Number> m = Collections.singletonMap("total", 1L);
        Map<String, Object> meta = Collections.emptyMap();
        List<String> other = Arrays.asList("vm", "other");
        long allocated = allocatedBytes(() -> {
            for (int i = 0; i < 200_000; i++) {
                Telemetry.execute(MEMORY, m, meta);
                Telemetry.execute(other, m, meta);
            }
        });
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
    }

    // ---- issue 13 defect 4: null input at the API edge

    @Test
    void executeDropsANullEmptyOrHoleyEventNameReportsItOnceAndNeverThrows() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        long before = io.telemetrypoller.internal.SelfStats.EVENTS_REJECTED.get();
        List<String> lines = agentLines(() -> {
            for (int i = 0; i < 3; i++) {
                Telemetry.execute(null, Collections.singletonMap("x", 1), Collections.emptyMap());
                Telemetry.execute(Collections.<String>emptyList(), Collections.singletonMap("x", 1), null);
                Telemetry.execute(Arrays.asList("app", null), Collections.singletonMap("x", 1), null);
                Telemetry.execute(new java.util.LinkedList<>(Arrays.asList("app", null)), null, null);
            }
        });
        assertEquals(0, all.events().size(), "no handler sees a bad name");
        assertEquals(12, io.telemetrypoller.internal.SelfStats.EVENTS_REJECTED.get() - before);
        assertEquals(Arrays.asList(
                "telemetry-poller: Telemetry.execute was given a null event name: the event was dropped (reported once, counted in events_rejected)",
                "telemetry-poller: Telemetry.execute was given an empty event name: the event was dropped (reported once, counted in events_rejected)",
                "telemetry-poller: Telemetry.execute was given a null element in event name [app, null]: the event was dropped (reported once, counted in events_rejected)"),
                lines);
    }

    @Test
    void nullMeasurementsAndMetadataAreEmptyNullMeasurementValuesDroppedNullMetadataValuesKept() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Map<String, Number> m = new HashMap<>();
        m.put("total", 1L);
        m.put("missing", null);
        m.put(null, 2L);
        Map<String, Object> meta = new HashMap<>();
        meta.put("route", null);
        meta.put(null, "x");
        meta.put("node", "a");
        List<String> lines = agentLines(() -> {
            Telemetry.execute(Arrays.asList("app", "nulls"), null, null);
            Telemetry.execute(Arrays.asList("app", "nulls"), m, meta);
        });

        assertEquals(Collections.emptyMap(), all.events().get(0).measurements);
        assertEquals(Collections.emptyMap(), all.events().get(0).metadata);
        assertEquals(Collections.singletonMap("total", 1L), all.events().get(1).measurements);
        Map<String, Object> kept = new HashMap<>();
        kept.put("route", null);
        kept.put("node", "a");
        assertEquals(kept, all.events().get(1).metadata);
        assertEquals(3, m.size(), "the caller's map is not changed");
        assertTrue(lines.size() <= 2, lines.toString()); // once per JVM: another test may have reported them
    }

    @Test
    void mapsThatCannotHoldNullsPassUnchanged() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Map<String, Number> m = new java.util.concurrent.ConcurrentHashMap<>();
        m.put("a", 1);
        Map<String, Object> meta = new java.util.TreeMap<>();
        meta.put("k", "v");
        Telemetry.execute(MEMORY, m, meta);
        Telemetry.execute(MEMORY, m, meta);
        assertEquals(2, all.events().size());
        assertEquals(Collections.singletonMap("a", 1), all.events().get(1).measurements);
        assertEquals(Collections.singletonMap("k", "v"), all.events().get(1).metadata);
    }

    @Test
    void attachRejectsANullEmptyOrHoleyEventNameWithAClearMessage() {
        Handler h = (a, b, c, d) -> { };
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Telemetry.attach("x", Collections.<String>emptyList(), h, null));
        assertEquals("event name: expected a non-empty list of non-null strings, got an empty event name",
                empty.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> Telemetry.attach("x", null, h, null));
        assertEquals("event name: expected a non-empty list of non-null strings, got a null event name",
                nul.getMessage());
        IllegalArgumentException hole = assertThrows(IllegalArgumentException.class,
                () -> Telemetry.attachMany("x", Arrays.asList(MEMORY, Arrays.asList("a", null)), h, null));
        assertEquals("event name: expected a non-empty list of non-null strings, got a null element in [a, null]",
                hole.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach(null, MEMORY, h, null));
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach("x", MEMORY, null, null));
        assertEquals(0, Telemetry.listHandlers(Collections.<String>emptyList()).size(), "nothing half-attached");
    }

    // ---- issue 13 defect 5: a handler that emits its own event

    @Test
    void aHandlerThatExecutesItsOwnEventIsCutAtTheReentryBoundDetachedAndReported() {
        EventRecorder all = new EventRecorder();
        EventRecorder failures = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Telemetry.attach("failures", FAILURE, failures, null);
        List<String> loop = Arrays.asList("app", "loop");
        Telemetry.attach("echo", loop, (e, m, md, c) -> Telemetry.execute(e, m, md), "echo-cfg");

        List<String> lines = agentLines(() -> Telemetry.execute(loop, Collections.singletonMap("n", 1), null));

        long loopEvents = all.events().stream().filter(e -> e.name.equals(loop)).count();
        assertEquals(Telemetry.MAX_REENTRY, loopEvents, "each level reached the sink once, no more");
        assertEquals(1, failures.events().size());
        Map<String, Object> meta = failures.events().get(0).metadata;
        assertEquals("echo", meta.get("handler_id"));
        assertEquals("echo-cfg", meta.get("handler_config"));
        assertEquals(loop, meta.get("event_name"));
        assertEquals("error", meta.get("kind"));
        assertEquals("java.lang.IllegalStateException: handler re-entered Telemetry.execute 16 levels deep"
                + " (last event [app, loop]): it emits an event that comes back to it", meta.get("reason"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(Telemetry.listHandlers(loop).isEmpty(), "detached");

        Telemetry.execute(loop, Collections.singletonMap("n", 2), null);
        assertEquals(Telemetry.MAX_REENTRY + 1, all.events().stream().filter(e -> e.name.equals(loop)).count());
    }

    @Test
    void twoHandlersThatFeedEachOtherAreBoundedToo() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        List<String> ping = Arrays.asList("app", "ping");
        List<String> pong = Arrays.asList("app", "pong");
        Telemetry.attach("ping", ping, (e, m, md, c) -> Telemetry.execute(pong, m, md), null);
        Telemetry.attach("pong", pong, (e, m, md, c) -> Telemetry.execute(ping, m, md), null);

        agentLines(() -> Telemetry.execute(ping, Collections.<String, Number>emptyMap(), null));

        assertEquals(Telemetry.MAX_REENTRY, all.events().stream()
                .filter(e -> e.name.equals(ping) || e.name.equals(pong)).count());
        assertEquals(1, Telemetry.listHandlers(Arrays.asList("app")).size(), "the one that closed the loop is detached");
    }

    @Test
    void nestedDispatchBelowTheBoundIsUntouched() {
        EventRecorder inner = new EventRecorder();
        Telemetry.attach("inner", Arrays.asList("app", "inner"), inner, null);
        Telemetry.attach("outer", MEMORY, (e, m, md, c) ->
                Telemetry.execute(Arrays.asList("app", "inner"), m, md), null);
        for (int i = 0; i < 100; i++) {
            Telemetry.execute(MEMORY, Collections.singletonMap("i", i), null);
        }
        assertEquals(100, inner.events().size());
        assertEquals(2, Telemetry.listHandlers(Collections.<String>emptyList()).size());
    }

    // ---- issue 16: the failure event as the peer's

    @Test
    void failureEventCarriesConfigStacktraceTimesAndThePeersKind() {
        EventRecorder failures = new EventRecorder();
        Telemetry.attach("failures", FAILURE, failures, null);
        Telemetry.attach("checked", MEMORY, (e, m, md, c) -> sneakyThrow(new java.io.IOException("disk")), "cfg");
        Telemetry.attach("error", MEMORY, (e, m, md, c) -> {
            throw new AssertionError("invariant");
        }, null);
        agentLines(() -> Telemetry.execute(MEMORY, Collections.<String, Number>emptyMap()));

        Map<String, Object> first = failures.events().get(0).metadata;
        assertEquals("throw", first.get("kind"));
        assertEquals("cfg", first.get("handler_config"));
        assertTrue(first.get("stacktrace").toString().contains("TelemetryTest"), first.toString());
        assertEquals("exit", failures.events().get(1).metadata.get("kind"));
        assertEquals(new java.util.HashSet<>(Arrays.asList("monotonic_time", "system_time")),
                failures.events().get(0).measurements.keySet());
        assertEquals(new java.util.HashSet<>(Arrays.asList("handler_id", "handler_config", "event_name", "kind",
                "reason", "stacktrace")), first.keySet());
    }

    @Test
    void kindMapsUncheckedToErrorCheckedToThrowErrorsToExit() {
        assertEquals("error", Telemetry.kindOf(new IllegalStateException()));
        assertEquals("throw", Telemetry.kindOf(new Exception()));
        assertEquals("throw", Telemetry.kindOf(new Throwable()));
        assertEquals("exit", Telemetry.kindOf(new LinkageError()));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    private static List<String> agentLines(Runnable work) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        io.telemetrypoller.internal.AgentLog.redirect(new java.io.PrintStream(bytes, true));
        try {
            work.run();
        } finally {
            io.telemetrypoller.internal.AgentLog.redirect(System.err);
        }
        String out = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        return out.isEmpty() ? Collections.<String>emptyList() : Arrays.asList(out.split("\\R"));
    }

    private static long allocatedBytes(Runnable work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        work.run(); // warm up: class loading and JIT compilation allocate
        work.run();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

}
