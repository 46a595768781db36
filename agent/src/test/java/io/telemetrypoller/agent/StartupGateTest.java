package io.telemetrypoller.agent;

import io.telemetrypoller.Handler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupGateTest {
    private final List<String> seen = new ArrayList<>();
    private final Handler recorder = (event, measurements, metadata, config) ->
            seen.add(event + " " + measurements + " " + metadata);

    @Test
    void holdsEventsThenReplaysThemInOrderAndForwardsLaterOnes() {
        StartupGate gate = new StartupGate();
        gate.handleEvent(Arrays.asList("app", "a"), map("n", 1), map("k", "x"), null);
        gate.handleEvent(Arrays.asList("app", "b"), map("n", 2), map(), null);
        assertTrue(gate.holdsEvents());
        assertEquals(0, seen.size());

        gate.open(recorder);
        gate.handleEvent(Arrays.asList("app", "c"), map("n", 3), map(), null);

        assertEquals(Arrays.asList("[app, a] {n=1} {k=x}", "[app, b] {n=2} {}", "[app, c] {n=3} {}"), seen);
        assertFalse(gate.holdsEvents());
    }

    @Test
    void copiesWhatItHoldsSoTheEmitterMayReuseItsMaps() {
        StartupGate gate = new StartupGate();
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", 2);
        List<String> name = new ArrayList<>(Arrays.asList("app", "reused"));
        gate.handleEvent(name, m, null, null);
        m.put("z", 99);
        name.set(1, "changed");

        gate.open(recorder);

        assertEquals(Arrays.asList("[app, reused] {z=1, a=2} {}"), seen); // order kept, values as emitted
    }

    @Test
    void dropsAndCountsBeyondItsCapacity() {
        StartupGate gate = new StartupGate();
        for (int i = 0; i < StartupGate.CAPACITY + 5; i++) {
            gate.handleEvent(Arrays.asList("app", "many"), map("i", i), map(), null);
        }
        assertEquals(5, gate.dropped());

        gate.open(recorder);

        assertEquals(StartupGate.CAPACITY, seen.size());
        assertEquals("[app, many] {i=" + (StartupGate.CAPACITY - 1) + "} {}", seen.get(seen.size() - 1));
    }

    @Test
    void aMapThatCannotBeCopiedIsDroppedNotThrown() {
        StartupGate gate = new StartupGate();
        Map<String, Number> hostile = new HashMap<String, Number>() {
            @Override
            public java.util.Set<Map.Entry<String, Number>> entrySet() {
                throw new IllegalStateException("no");
            }
        };
        hostile.put("x", 1);
        gate.handleEvent(Arrays.asList("app", "bad"), hostile, map(), null);
        assertEquals(1, gate.dropped());
    }

    @Test
    void closedGateForgetsWhatItHeldAndHoldsNothingMore() throws Exception {
        StartupGate gate = new StartupGate();
        gate.handleEvent(Arrays.asList("app", "a"), map("n", 1), map(), null);
        gate.close();
        gate.handleEvent(Arrays.asList("app", "b"), map("n", 2), map(), null);

        assertFalse(gate.holdsEvents());
        assertTrue(gate.awaitOpen(0));
    }

    @Test
    void awaitOpenReturnsOnceAnotherThreadOpens() throws Exception {
        StartupGate gate = new StartupGate();
        assertFalse(gate.awaitOpen(1));
        Thread opener = new Thread(() -> gate.open(recorder));
        opener.start();
        assertTrue(gate.awaitOpen(60_000));
        opener.join();
    }

    private static <V> Map<String, V> map(Object... kv) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            V v = (V) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }
}
