package io.telemetrypoller.registry;

import io.telemetrypoller.instrument.hook.Hooks;
import io.telemetrypoller.instrument.hook.WeakRegistry;
import io.telemetrypoller.config.WorkerSpec;
import io.telemetrypoller.internal.AgentLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live workers and executors the hooks registered, as the process_info measurements read them: what
 * is configured (kind and {@link WorkerSpec} per class, whether executors are tracked, published by the
 * instrumentation on each start and reconfiguration) and the instances alive now, as
 * {@link TrackedInstance}s sorted by index. Readers run on any thread.
 */
public final class LiveInstances {
    private static final Comparator<WeakRegistry.Entry> BY_INDEX = new Comparator<WeakRegistry.Entry>() {
        @Override
        public int compare(WeakRegistry.Entry a, WeakRegistry.Entry b) {
            return Long.compare(a.index(), b.index());
        }
    };

    private static long reportedFailures;
    private static volatile Map<String, WorkerSpec> specs = Collections.emptyMap();
    private static volatile Map<String, Integer> kinds = Collections.emptyMap();
    private static volatile boolean executorsOn;
    private static volatile boolean executorHooks;

    private LiveInstances() {
    }

    /** What the instrumentation now tracks: the worker classes with their kinds and specs, and executors. */
    public static void publish(Map<String, WorkerSpec> workerSpecs, Map<String, Integer> workerKinds,
                               boolean executors) {
        specs = Collections.unmodifiableMap(new HashMap<>(workerSpecs));
        kinds = Collections.unmodifiableMap(new HashMap<>(workerKinds));
        executorsOn = executors;
    }

    /** The kind of a configured worker class, or -1. */
    public static int kindOf(String className) {
        Integer k = kinds.get(className);
        return k == null ? -1 : k;
    }

    /** How a worker class was configured (queue and name), or null. */
    public static WorkerSpec workerSpec(String className) {
        return specs.get(className);
    }

    /** True while {@code executors=true} is applied. */
    public static boolean executorsOn() {
        return executorsOn;
    }

    /** The executor relay is installed: executors are registered from now on. */
    public static void executorHooksInstalled() {
        executorHooks = true;
    }

    /** The live instances of a worker kind (none for -1). */
    public static List<TrackedInstance> workers(int kind) {
        return kind < 0 ? Collections.<TrackedInstance>emptyList() : live(Hooks.WORKERS, kind);
    }

    /** The live executors while {@link #executorsOn()} and the relay is installed, else none. */
    public static List<TrackedInstance> executors() {
        return !executorsOn || !executorHooks ? Collections.<TrackedInstance>emptyList() : live(Hooks.EXECUTORS, 0);
    }

    public static boolean registerWorkerIfAbsent(Object o, int kind) {
        return Hooks.WORKERS.registerIfAbsent(o, kind);
    }

    public static boolean registerExecutorIfAbsent(Object o) {
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
