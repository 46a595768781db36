package io.telemetrypoller.instrument;

import io.telemetrypoller.instrument.hook.Hooks;
import io.telemetrypoller.instrument.hook.WeakRegistry;
import io.telemetrypoller.internal.AgentLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Reads and feeds the hook registries: turns their entries into {@link TrackedInstance}s, sorted by index. */
final class Tracked {
    private static final Comparator<WeakRegistry.Entry> BY_INDEX = new Comparator<WeakRegistry.Entry>() {
        @Override
        public int compare(WeakRegistry.Entry a, WeakRegistry.Entry b) {
            return Long.compare(a.index(), b.index());
        }
    };

    private static long reportedFailures;

    private Tracked() {
    }

    static List<TrackedInstance> workers(int kind) {
        return live(Hooks.WORKERS, kind);
    }

    static List<TrackedInstance> executors() {
        return live(Hooks.EXECUTORS, 0);
    }

    static boolean registerWorkerIfAbsent(Object o, int kind) {
        return Hooks.WORKERS.registerIfAbsent(o, kind);
    }

    static boolean registerExecutorIfAbsent(Object o) {
        return Hooks.EXECUTORS.registerIfAbsent(o, 0);
    }

    private static List<TrackedInstance> live(WeakRegistry registry, int kind) {
        reportHookFailures();
        List<WeakRegistry.Entry> entries = new ArrayList<>();
        registry.snapshot(kind, entries);
        if (entries.isEmpty()) {
            return Collections.emptyList();
        }
        Collections.sort(entries, BY_INDEX);
        List<TrackedInstance> out = new ArrayList<>(entries.size());
        for (WeakRegistry.Entry e : entries) {
            Object o = e.get();
            if (o != null) {
                out.add(new TrackedInstance(o, e.index(), e.threadId(), e.label()));
            }
        }
        return out;
    }

    /** A hook that swallowed a failure is reported once here, on a poller thread, never on the host's. */
    private static synchronized void reportHookFailures() {
        long failures = Hooks.failures;
        if (failures != reportedFailures && reportedFailures == 0) {
            AgentLog.warn("a worker hook failed " + failures + " time(s), the application was not affected;"
                    + " first failure: " + Hooks.firstFailure);
        }
        reportedFailures = failures;
    }
}
