package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.registry.LiveInstances;
import io.telemetrypoller.registry.TrackedInstance;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code process_info}, after Erlang telemetry_poller's
 * {@code {process_info, [{name, N}, {event, E}, {keys, K}]}}: one event per live instance of a worker
 * class, or per live thread of a given name. The target is either
 * <ul>
 *   <li>a class name: every live instance of that class (and its subclasses) that the worker hooks saw
 *       constructed ({@link Instrumenter}); metadata {@code name} (the configured name field or method,
 *       else the thread name for a Thread, else the simple class name and the instance's index, e.g.
 *       {@code Mailer-1}) and {@code class} (the instance's class);</li>
 *   <li>{@code thread:NAME}: every live platform thread so named, no instrumentation needed; a trailing
 *       {@code *} matches a prefix ({@code thread:example-pool-*}); metadata {@code name} and {@code class}.</li>
 * </ul>
 * Keys (each emitted only where it applies):
 * <ul>
 *   <li>{@code message_queue_len}: elements in the worker's queue ({@code size()}; a
 *       {@code ConcurrentLinkedQueue} counts them, O(n));</li>
 *   <li>{@code memory}: bytes, shallow sizes from {@link Instrumentation#getObjectSize}: the instance, its
 *       queue object and each queued element (a Map: each key and value); the queue's internal nodes and
 *       what the elements reference are not counted. Above {@value #MEMORY_SAMPLE} elements, the first
 *       {@value #MEMORY_SAMPLE} are measured and scaled by size / sampled;</li>
 *   <li>{@code cpu_time_ns}, {@code allocated_bytes}: of the thread the worker is bound to (a Thread
 *       subclass is its own thread; a Runnable is bound while its {@code run()} executes), read for that
 *       one thread (never {@code getThreadInfo} of all threads); absent if the thread is not alive;</li>
 *   <li>{@code state}: that thread's {@link Thread.State}, a string, so it goes into the metadata
 *       (measurements are numbers).</li>
 * </ul>
 * No live instance means no event; the measurement stays and reports instances created later.
 *
 * <pre>{@code
 * [vm, process_info] {message_queue_len=42, memory=4312, cpu_time_ns=81234567, allocated_bytes=1048576}
 *                    {name=order-worker-1, class=io.telemetrypoller.example.OrderWorker, state=TIMED_WAITING}
 * }</pre>
 *
 * <p>Thread rules: {@link #measure} from one poller thread only (it caches per-class accessors).
 */
public final class ProcessInfoMeasurement implements Measurement {
    /** Queued elements measured for {@code memory}; above this many, the sum is scaled. */
    static final int MEMORY_SAMPLE = 256;
    private static final String THREAD_PREFIX = "thread:";

    private final String target;
    private final List<String> event;
    private final boolean queueLen;
    private final boolean memory;
    private final boolean cpu;
    private final boolean allocated;
    private final boolean state;
    private final String threadName;
    private final boolean threadPrefix;
    private final Instrumentation inst;
    private final ProcessInfoThreads threads;
    private Map<Class<?>, WorkerAccess> access = new HashMap<>();

    public ProcessInfoMeasurement(String target, List<String> event, List<String> keys) {
        this(target, event, keys, ClassLocator.instrumentation(), new ProcessInfoThreads());
    }

    ProcessInfoMeasurement(String target, List<String> event, List<String> keys, Instrumentation inst,
                           ProcessInfoThreads threads) {
        this.target = target;
        this.event = Collections.unmodifiableList(event);
        this.queueLen = keys.contains("message_queue_len");
        this.memory = keys.contains("memory");
        this.cpu = keys.contains("cpu_time_ns");
        this.allocated = keys.contains("allocated_bytes");
        this.state = keys.contains("state");
        if (target.startsWith(THREAD_PREFIX)) {
            String n = target.substring(THREAD_PREFIX.length());
            this.threadPrefix = n.endsWith("*");
            this.threadName = threadPrefix ? n.substring(0, n.length() - 1) : n;
        } else {
            this.threadName = null;
            this.threadPrefix = false;
        }
        this.inst = inst;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "process_info:" + target;
    }

    @Override
    public void measure() {
        if (threadName != null) {
            measureThreads();
        } else {
            measureInstances();
        }
    }

    private void measureThreads() {
        for (Thread t : ProcessInfoThreads.liveThreads()) {
            String n = t.getName();
            if (threadPrefix ? n.startsWith(threadName) : n.equals(threadName)) {
                Map<String, Number> m = new LinkedHashMap<>();
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("name", n);
                meta.put("class", t.getClass().getName());
                threadKeys(t, ProcessInfoThreads.id(t), m, meta);
                Telemetry.execute(event, m, meta);
            }
        }
    }

    private void measureInstances() {
        List<TrackedInstance> live = LiveInstances.workers(LiveInstances.kindOf(target));
        Map<Class<?>, WorkerAccess> seen = new HashMap<>();
        Thread[] all = null;
        for (TrackedInstance ti : live) {
            Object o = ti.instance();
            Class<?> type = o.getClass();
            WorkerAccess a = accessFor(type, seen);
            Object queue = a.queue(o);
            Map<String, Number> m = new LinkedHashMap<>();
            Map<String, Object> meta = new LinkedHashMap<>();
            String name = a.name(o);
            meta.put("name", name != null ? name : o instanceof Thread ? ((Thread) o).getName()
                    : simpleName(type) + "-" + ti.index());
            meta.put("class", type.getName());
            if (queueLen && queue != null) {
                Number len = a.length(queue);
                if (len != null) {
                    m.put("message_queue_len", len);
                }
            }
            if (memory && inst != null) {
                m.put("memory", memory(inst, o, queue));
            }
            if (o instanceof Thread) {
                threadKeys((Thread) o, ProcessInfoThreads.id((Thread) o), m, meta);
            } else if (ti.threadId() != 0 && (cpu || allocated || state)) {
                if (all == null && state) {
                    all = ProcessInfoThreads.liveThreads();
                }
                threadKeys(all == null ? null : ProcessInfoThreads.byId(all, ti.threadId()), ti.threadId(), m, meta);
            }
            Telemetry.execute(event, m, meta);
        }
        access = seen; // classes without live instances drop out, so an unloaded class is not held
    }

    private WorkerAccess accessFor(Class<?> type, Map<Class<?>, WorkerAccess> seen) {
        WorkerAccess a = seen.get(type);
        if (a == null) {
            a = access.get(type);
            if (a == null) {
                a = WorkerAccess.of(type, LiveInstances.workerSpec(target));
                if (a.problem() != null && (queueLen || memory)) {
                    AgentLog.warnOnce("process_info:" + type.getName(), "process_info " + type.getName() + ": "
                            + a.problem());
                }
            }
            seen.put(type, a);
        }
        return a;
    }

    /** cpu_time_ns, allocated_bytes and state of a thread ({@code t} may be null if only the id is known). */
    private void threadKeys(Thread t, long id, Map<String, Number> m, Map<String, Object> meta) {
        if (cpu) {
            long v = threads.cpuTimeNanos(id);
            if (v >= 0) {
                m.put("cpu_time_ns", v);
            }
        }
        if (allocated) {
            long v = threads.allocatedBytes(id);
            if (v >= 0) {
                m.put("allocated_bytes", v);
            }
        }
        if (state && t != null) {
            meta.put("state", t.getState().name());
        }
    }

    /** Shallow bytes of the instance, its queue and its elements (sampled above {@link #MEMORY_SAMPLE}). */
    static long memory(Instrumentation inst, Object instance, Object queue) {
        long bytes = inst.getObjectSize(instance);
        if (queue == null) {
            return bytes;
        }
        bytes += inst.getObjectSize(queue);
        if (!(queue instanceof Collection) && !(queue instanceof Map)) {
            return bytes; // a queue known by its size() only: its elements cannot be listed
        }
        int size = WorkerAccess.size(queue);
        long sampled = 0;
        int n = 0;
        try {
            if (queue instanceof Collection) {
                for (Iterator<?> it = ((Collection<?>) queue).iterator(); it.hasNext() && n < MEMORY_SAMPLE; n++) {
                    sampled += sizeOf(inst, it.next());
                }
            } else {
                Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) queue).entrySet().iterator();
                for (; it.hasNext() && n < MEMORY_SAMPLE; n++) {
                    Map.Entry<?, ?> e = it.next();
                    sampled += sizeOf(inst, e.getKey()) + sizeOf(inst, e.getValue());
                }
            }
        } catch (RuntimeException concurrentlyModified) {
            // a queue that is not thread-safe changed under us: keep what was measured
        }
        if (n == 0) {
            return bytes;
        }
        return bytes + (size > n ? Math.round((double) sampled * size / n) : sampled);
    }

    private static long sizeOf(Instrumentation inst, Object o) {
        return o == null ? 0 : inst.getObjectSize(o);
    }

    private static String simpleName(Class<?> type) {
        String s = type.getSimpleName();
        if (!s.isEmpty()) {
            return s;
        }
        String n = type.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
