package io.telemetrypoller.instrument.hook;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeakRegistryTest {
    private static List<Object> live(WeakRegistry r, int kind) {
        List<WeakRegistry.Entry> entries = new ArrayList<>();
        r.snapshot(kind, entries);
        List<Object> out = new ArrayList<>();
        for (WeakRegistry.Entry e : entries) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void registersFindsAndNumbersPerKind() {
        WeakRegistry r = new WeakRegistry();
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        r.register(a, 0);
        r.register(b, 3);
        r.register(c, 3);
        assertEquals(1, r.find(a).index());
        assertEquals(1, r.find(b).index());
        assertEquals(2, r.find(c).index());
        assertEquals(3, r.find(c).kind());
        assertNull(r.find(new Object()));
        assertFalse(r.registerIfAbsent(a, 0));
        assertTrue(r.registerIfAbsent(a, 1), "another kind is another entry");
        assertEquals(2, live(r, 3).size());
        assertEquals(4, live(r, -1).size());
    }

    @Test
    void bindsAndUnbindsOnlyItsOwnThread() {
        WeakRegistry r = new WeakRegistry();
        Object w = new Object();
        r.register(w, 0);
        WeakRegistry.Entry e = r.find(w);
        e.bindThread(7);
        e.unbindThread(8);
        assertEquals(7, e.threadId());
        e.unbindThread(7);
        assertEquals(0, e.threadId());
        e.labelIfAbsent("pool-1-thread-1");
        e.labelIfAbsent("pool-1-thread-2");
        assertEquals("pool-1-thread-1", e.label());
    }

    @Test
    void holdsNothingStronglyAndSweepsWhatWasCollected() throws Exception {
        WeakRegistry r = new WeakRegistry();
        Object kept = new Object();
        r.register(kept, 0);
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object garbage = new byte[64];
            r.register(garbage, 0);
            refs.add(new WeakReference<>(garbage));
        }
        for (int i = 0; i < 200 && anyAlive(refs); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertFalse(anyAlive(refs), "every registered object was collected: the registry keeps none alive");
        assertEquals(1, live(r, 0).size());
        assertSame(kept, live(r, 0).get(0));
        assertEquals(1, r.size(), "the snapshot swept the cleared entries");
        // Never polled: registration sweeps each time the entry count doubles, so it stays bounded.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 10_000; i++) {
                r.register(new Object(), 0);
            }
            System.gc();
        }
        assertTrue(r.size() < 40_000, "200,000 registered, " + r.size() + " entries held");
    }

    @Test
    void survivesGrowthWithEveryEntryFindable() {
        WeakRegistry r = new WeakRegistry();
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Object o = new Object();
            all.add(o);
            r.register(o, i % 4);
        }
        for (Object o : all) {
            assertSame(o, r.find(o).get());
        }
        assertEquals(5_000, live(r, -1).size());
    }

    private static boolean anyAlive(List<WeakReference<Object>> refs) {
        for (WeakReference<Object> ref : refs) {
            if (ref.get() != null) {
                return true;
            }
        }
        return false;
    }
}
