package io.telemetrypoller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of beam-telemetry/telemetry's test/telemetry_SUITE.erl that have a JVM meaning, written from
 * reading them (one test per case, named in a comment). Left out: persist_with_existing_handlers
 * (no persistent_term), logs_on_local_function (an Erlang logger warning about local funs),
 * off_execute (no application to stop), old_execute (the deprecated bare-number execute/3 is not offered).
 */
class TelemetryPeerSuiteTest {
    private static final List<String> EVENT = Arrays.asList("a", "test", "event");
    private static final List<String> E1 = Arrays.asList("a", "first", "event");
    private static final List<String> E2 = Arrays.asList("a", "second", "event");
    private static final List<String> E3 = Arrays.asList("a", "third", "event");
    private static final Map<String, Number> MEASUREMENTS = Collections.singletonMap("data", 3);
    private static final Map<String, Object> METADATA = Collections.singletonMap("some", "metadata");
    private static final Handler RAISE = (e, m, md, c) -> {
        throw new IllegalStateException("got_event");
    };

    private final String id = "peer-" + System.nanoTime();
    private final Object config = Collections.singletonMap("send_to", "self");

    @AfterEach
    void detachAll() {
        for (HandlerInfo h : Telemetry.listHandlers(Collections.<String>emptyList())) {
            Telemetry.detach(h.id());
        }
    }

    @Test
    void badEventNames() { // telemetry_SUITE: bad_event_names
        EventRecorder r = new EventRecorder();
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach(id, Arrays.asList("some", null), r, null));
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach(id, null, r, null));
        assertThrows(IllegalArgumentException.class, () -> Telemetry.attach(id, Collections.<String>emptyList(), r, null));
    }

    @Test
    void duplicateAttach() { // telemetry_SUITE: duplicate_attach
        assertTrue(Telemetry.attach(id, Arrays.asList("some", "event"), new EventRecorder(), null));
        assertFalse(Telemetry.attach(id, Arrays.asList("some", "event"), new EventRecorder(), null));
    }

    @Test
    void invokeHandler() { // telemetry_SUITE: invoke_handler
        EventRecorder r = new EventRecorder();
        Telemetry.attach(id, EVENT, r, config);
        Telemetry.execute(EVENT, MEASUREMENTS, METADATA);
        EventRecorder.Event e = r.events().get(0);
        assertEquals(EVENT, e.name);
        assertEquals(MEASUREMENTS, e.measurements);
        assertEquals(METADATA, e.metadata);
        assertSame(config, e.config);
    }

    @Test
    void listHandlers() { // telemetry_SUITE: list_handlers
        Handler h = new EventRecorder();
        Telemetry.attach(id, EVENT, h, config);
        List<HandlerInfo> listed = Telemetry.listHandlers(EVENT);
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).id());
        assertEquals(EVENT, listed.get(0).eventName());
        assertSame(h, listed.get(0).handler());
        assertSame(config, listed.get(0).config());
    }

    @Test
    void listForPrefix() { // telemetry_SUITE: list_for_prefix
        Telemetry.attach(id, EVENT, new EventRecorder(), config);
        for (List<String> prefix : Arrays.asList(Collections.<String>emptyList(), Arrays.asList("a"),
                Arrays.asList("a", "test"))) {
            assertEquals(1, Telemetry.listHandlers(prefix).size(), prefix.toString());
        }
        assertTrue(Telemetry.listHandlers(Arrays.asList("a", "test", "event", "something")).isEmpty());
    }

    @Test
    void detachOnException() { // telemetry_SUITE: detach_on_exception
        EventRecorder failures = new EventRecorder();
        List<Object> handlerConfig = Collections.emptyList();
        Telemetry.attach(id, EVENT, RAISE, handlerConfig);
        Telemetry.attach("failure_handler_id", Arrays.asList("telemetry", "handler", "failure"), failures, config);
        assertEquals(1, Telemetry.listHandlers(EVENT).size());

        Telemetry.execute(EVENT, Collections.singletonMap("some", 1), METADATA);

        Map<String, Object> meta = failures.events().get(0).metadata;
        assertEquals(EVENT, meta.get("event_name"));
        assertEquals(id, meta.get("handler_id"));
        assertSame(handlerConfig, meta.get("handler_config"));
        assertEquals("error", meta.get("kind")); // the peer's throw/1 is kind throw; an unchecked exception is error
        assertEquals("java.lang.IllegalStateException: got_event", meta.get("reason"));
        assertFalse(meta.get("stacktrace").toString().isEmpty());
        assertTrue(Telemetry.listHandlers(EVENT).isEmpty());
        assertFalse(Telemetry.detach("doesn't exist"));
    }

    @Test
    void noExecuteDetached() { // telemetry_SUITE: no_execute_detached
        EventRecorder r = new EventRecorder();
        Telemetry.attach(id, EVENT, r, config);
        Telemetry.detach(id);
        Telemetry.execute(EVENT, MEASUREMENTS, METADATA);
        assertTrue(r.events().isEmpty());
    }

    @Test
    void noExecuteOnPrefix() { // telemetry_SUITE: no_execute_on_prefix
        EventRecorder r = new EventRecorder();
        Telemetry.attach(id, EVENT, r, config);
        Telemetry.execute(Arrays.asList("a", "test"), MEASUREMENTS, METADATA);
        assertTrue(r.events().isEmpty());
    }

    @Test
    void noExecuteOnSpecific() { // telemetry_SUITE: no_execute_on_specific
        EventRecorder r = new EventRecorder();
        Telemetry.attach(id, Arrays.asList("a", "test"), r, config);
        Telemetry.execute(Arrays.asList("a", "test", "event", "specific"), MEASUREMENTS, METADATA);
        assertTrue(r.events().isEmpty());
    }

    @Test
    void handlerOnMultipleEvents() { // telemetry_SUITE: handler_on_multiple_events
        EventRecorder r = new EventRecorder();
        Telemetry.attachMany(id, Arrays.asList(E1, E2, E3), r, config);
        for (List<String> e : Arrays.asList(E1, E2, E3)) {
            Telemetry.execute(e, MEASUREMENTS, METADATA);
        }
        List<List<String>> seen = new ArrayList<>();
        for (EventRecorder.Event e : r.events()) {
            seen.add(e.name);
        }
        assertEquals(Arrays.asList(E1, E2, E3), seen);
    }

    @Test
    void removeAllHandlerOnFailure() { // telemetry_SUITE: remove_all_handler_on_failure
        Telemetry.attachMany(id, Arrays.asList(E1, E2, E3), RAISE, config);
        Telemetry.execute(E1, MEASUREMENTS, METADATA);
        for (List<String> e : Arrays.asList(E1, E2, E3)) {
            assertTrue(Telemetry.listHandlers(e).isEmpty());
        }
    }

    @Test
    void listHandlerOnMany() { // telemetry_SUITE: list_handler_on_many
        Telemetry.attachMany(id, Arrays.asList(E1, E2, E3), new EventRecorder(), config);
        for (List<String> e : Arrays.asList(E1, E2, E3)) {
            List<HandlerInfo> listed = Telemetry.listHandlers(e);
            assertEquals(1, listed.size());
            assertEquals(id, listed.get(0).id());
            assertEquals(e, listed.get(0).eventName());
        }
    }

    @Test
    void detachFromAll() { // telemetry_SUITE: detach_from_all
        Telemetry.attachMany(id, Arrays.asList(E1, E2, E3), new EventRecorder(), config);
        Telemetry.detach(id);
        for (List<String> e : Arrays.asList(E1, E2, E3)) {
            assertTrue(Telemetry.listHandlers(e).isEmpty());
        }
    }

    @Test
    void defaultMetadata() { // telemetry_SUITE: default_metadata
        EventRecorder r = new EventRecorder();
        Telemetry.attach(id, E1, r, config);
        Telemetry.execute(E1, MEASUREMENTS);
        assertEquals(MEASUREMENTS, r.events().get(0).measurements);
        assertEquals(0, r.events().get(0).metadata.size());
    }

    @Test
    void invokeSuccessfulSpanHandlers() throws Exception { // telemetry_SUITE: invoke_successful_span_handlers
        Map<String, Object> start = new HashMap<>();
        start.put("some", "start_metadata");
        start.put("telemetry_span_context", "ctx");
        Map<String, Object> stop = new HashMap<>();
        stop.put("other", "stop_metadata");
        stop.put("telemetry_span_context", "ctx");
        EventRecorder r = spanRecorder("stop");

        assertEquals("ok", Telemetry.spanWithResult(Arrays.asList("some", "action"), start, () -> SpanResult.of("ok", stop)));

        assertEquals(start, r.events().get(0).metadata);
        assertEquals(keys("monotonic_time", "system_time"), r.events().get(0).measurements.keySet());
        assertEquals(stop, r.events().get(1).metadata);
        assertEquals(keys("duration", "monotonic_time"), r.events().get(1).measurements.keySet());
    }

    @Test
    void invokeSuccessfulSpanHandlersWithMeasurements() throws Exception { // telemetry_SUITE: invoke_successful_span_handlers_with_measurements
        Map<String, Object> start = new HashMap<>();
        start.put("some", "start_metadata");
        start.put("telemetry_span_context", "ctx");
        Map<String, Object> stop = new HashMap<>();
        stop.put("other", "stop_metadata");
        stop.put("telemetry_span_context", "ctx");
        EventRecorder r = spanRecorder("stop");

        Telemetry.spanWithResult(Arrays.asList("some", "action"), start,
                () -> SpanResult.of("ok", Collections.singletonMap("other_thing", 100), stop));

        assertEquals(start, r.events().get(0).metadata);
        assertEquals(stop, r.events().get(1).metadata);
        assertEquals(keys("duration", "monotonic_time", "other_thing"), r.events().get(1).measurements.keySet());
        assertEquals(100, r.events().get(1).measurements.get("other_thing"));
    }

    @Test
    void invokeExceptionSpanHandlers() { // telemetry_SUITE: invoke_exception_span_handlers
        Map<String, Object> start = new HashMap<>();
        start.put("some", "start_metadata");
        start.put("telemetry_span_context", "ctx");
        EventRecorder r = spanRecorder("exception");

        ArithmeticException thrown = assertThrows(ArithmeticException.class,
                () -> Telemetry.span(Arrays.asList("some", "action"), start, () -> 1 / zero()));

        assertEquals(start, r.events().get(0).metadata);
        EventRecorder.Event exception = r.events().get(1);
        assertEquals(keys("duration", "monotonic_time"), exception.measurements.keySet());
        assertEquals(keys("kind", "reason", "some", "stacktrace", "telemetry_span_context"), exception.metadata.keySet());
        assertEquals("error", exception.metadata.get("kind"));
        assertEquals(String.valueOf(thrown), exception.metadata.get("reason"));
        assertEquals("ctx", exception.metadata.get("telemetry_span_context"));
    }

    @Test
    void spansGenerateUniqueDefaultContexts() throws Exception { // telemetry_SUITE: spans_generate_unique_default_contexts
        EventRecorder r = spanRecorder("stop");
        List<String> prefix = Arrays.asList("some", "action");
        Telemetry.spanWithResult(prefix, Collections.emptyMap(), () -> SpanResult.of("ok", Collections.emptyMap()));
        Telemetry.spanWithResult(prefix, Collections.emptyMap(), () -> SpanResult.of("ok", Collections.emptyMap()));

        Object first = r.events().get(0).metadata.get("telemetry_span_context");
        assertTrue(first != null);
        assertEquals(first, r.events().get(1).metadata.get("telemetry_span_context"));
        assertNotEquals(first, r.events().get(2).metadata.get("telemetry_span_context"));
    }

    private EventRecorder spanRecorder(String end) {
        EventRecorder r = new EventRecorder();
        Telemetry.attachMany(id, Arrays.asList(Arrays.asList("some", "action", "start"),
                Arrays.asList("some", "action", end)), r, config);
        return r;
    }

    private static int zero() {
        return 0;
    }

    private static HashSet<String> keys(String... names) {
        return new HashSet<>(Arrays.asList(names));
    }
}
