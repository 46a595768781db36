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
        assertEquals("exception", meta.get("kind"));
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
        assertEquals("exception", e.metadata.get("kind"));
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

    @Test
    void aBadEventNameIsDroppedAtTheEdgeAndNullMapsAreEmpty() {
        EventRecorder all = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Telemetry.execute(null, Collections.singletonMap("v", 1), Collections.emptyMap());
        Telemetry.execute(Collections.<String>emptyList(), Collections.singletonMap("v", 1), Collections.emptyMap());
        Telemetry.execute(Arrays.asList("app", null), Collections.singletonMap("v", 1), Collections.emptyMap());
        assertTrue(all.events().isEmpty(), "no handler sees a bad event name");
        Telemetry.execute(Arrays.asList("app", "nulls"), null, null);
        Telemetry.execute(Arrays.asList("app", "two"), Collections.singletonMap("v", 2));
        assertEquals(2, all.events().size());
        assertEquals(Collections.emptyMap(), all.events().get(0).measurements);
        assertEquals(Collections.emptyMap(), all.events().get(0).metadata);
        assertEquals(Collections.singletonMap("v", 2), all.events().get(1).measurements);
        assertEquals(Collections.emptyMap(), all.events().get(1).metadata);
    }

    @Test
    void attachRefusesAnEmptyOrNullContainingEventName() {
        Handler h = (a, b, c, d) -> { };
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach("e", Collections.<String>emptyList(), h, null));
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach("n", Arrays.asList("a", null), h, null));
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach("z", null, h, null));
        assertTrue(Telemetry.listHandlers(Collections.<String>emptyList()).isEmpty());
    }

    @Test
    void aHandlerThatExecutesItsOwnEventIsCutAt16LevelsDetachedAndReported() {
        List<String> loop = Arrays.asList("app", "loop");
        EventRecorder all = new EventRecorder();
        EventRecorder failures = new EventRecorder();
        Telemetry.attachAll("all", all, null);
        Telemetry.attach("failures", Arrays.asList("telemetry", "handler", "failure"), failures, null);
        Telemetry.attach("looper", loop, (event, m, meta, config) -> Telemetry.execute(event, m, meta), null);
        Telemetry.execute(loop, Collections.singletonMap("v", 1), Collections.emptyMap());
        long loops = all.events().stream().filter(e -> e.name.equals(loop)).count();
        assertEquals(Telemetry.MAX_REENTRY, loops, "each level reaches the sinks once, up to the bound");
        assertEquals(1, failures.events().size());
        assertEquals("looper", failures.events().get(0).metadata.get("handler_id"));
        assertTrue(String.valueOf(failures.events().get(0).metadata.get("reason")).contains("re-entered Telemetry.execute 16 levels deep"));
        assertFalse(Telemetry.listHandlers(loop).stream().anyMatch(h -> h.id().equals("looper")), "detached");
        all.clear();
        Telemetry.execute(loop, Collections.singletonMap("v", 1), Collections.emptyMap());
        assertEquals(1, all.events().size(), "after the detach, an event is one event again");
    }
}
