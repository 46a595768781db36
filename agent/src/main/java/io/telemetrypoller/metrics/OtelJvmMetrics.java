package io.telemetrypoller.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code naming=otel}: the built-in VM events exported under the OpenTelemetry JVM semantic conventions
 * (jvm.memory.used, jvm.gc.duration, jvm.thread.count, ...), with the data type, unit and attribute keys
 * the OpenTelemetry Java agent sends (checked side by side: OtelSideBySideIT, docs/reporters.md). Every
 * measurement is exported once: under its OpenTelemetry name where the conventions have one, otherwise
 * through the metric index under the agent's own name ({@code vm.memory.rss}, {@code
 * vm.total_run_queue_lengths.total}), which is in the same dotted style. Shared by the OTLP and
 * Prometheus sinks; each exports a {@link Kind} as its format has it.
 */
public final class OtelJvmMetrics {
    /** The OpenTelemetry instrument a metric is (its definition says last value or distribution). */
    public enum Kind {
        /** The current value (an asynchronous gauge). */
        GAUGE,
        /** A current value that may go up or down, summed across attributes (an asynchronous up-down counter). */
        UP_DOWN,
        /** A running total read each poll (an asynchronous counter). */
        COUNTER,
        /** A histogram of each event's measurement. */
        HISTOGRAM
    }

    /** One OpenTelemetry metric fed by one measurement of one event. */
    static final class Mapping {
        final MetricDefinition metric;
        final Kind kind;
        final String measurement;
        /** Metadata keys of the event, and the attribute names they are exported as. */
        final String[] from;
        final String[] to;
        /** Constant attributes as name, value pairs (jvm.thread.daemon, "true"), or null. */
        final String[] constant;
        /** A measurement of the same event subtracted from this one (the non-daemon threads), or null. */
        final String minus;

        Mapping(MetricDefinition metric, Kind kind, String measurement, String[] from, String[] to, String[] constant) {
            this(metric, kind, measurement, from, to, constant, null);
        }

        Mapping(MetricDefinition metric, Kind kind, String measurement, String[] from, String[] to, String[] constant,
                String minus) {
            this.metric = metric;
            this.kind = kind;
            this.measurement = measurement;
            this.from = from;
            this.to = to;
            this.constant = constant;
            this.minus = minus;
        }
    }

    private static final String[] NONE = new String[0];
    private static final String[] MEMORY_FROM = {"type", "pool"};
    private static final String[] MEMORY_TO = {"jvm.memory.type", "jvm.memory.pool.name"};
    /** The thread_states measurement's keys, which are also jvm.thread.state's values. */
    private static final String[] THREAD_STATES = {"runnable", "blocked", "waiting", "timed_waiting"};
    private static final String[] GC_FROM = {"collector", "action"};
    private static final String[] GC_TO = {"jvm.gc.name", "jvm.gc.action"};

    private final Map<List<String>, List<Mapping>> byEvent = new HashMap<>();
    private final Map<MetricDefinition, Kind> kinds = new IdentityHashMap<>();
    /** Per event, the measurement keys that have an OpenTelemetry name. */
    private final Map<List<String>, Set<String>> mapped = new HashMap<>();

    /** The table with jvm.thread.count by daemon only, from {@code system_counts}. */
    public OtelJvmMetrics() {
        this(false);
    }

    /**
     * @param threadStates whether the {@code thread_states} measurement runs: then jvm.thread.count comes from
     *                     it, by jvm.thread.daemon and jvm.thread.state, and {@code system_counts}' thread
     *                     counts keep the agent's names (one source for the metric, so no series is counted twice)
     */
    public OtelJvmMetrics(boolean threadStates) {
        List<String> pool = Arrays.asList("vm", "memory_pool");
        add(pool, "jvm.memory.used", "byte", Kind.UP_DOWN, "used", MEMORY_FROM, MEMORY_TO, null,
                "Measure of memory used.");
        add(pool, "jvm.memory.committed", "byte", Kind.UP_DOWN, "committed", MEMORY_FROM, MEMORY_TO, null,
                "Measure of memory committed.");
        add(pool, "jvm.memory.limit", "byte", Kind.UP_DOWN, "max", MEMORY_FROM, MEMORY_TO, null,
                "Measure of max obtainable memory.");
        add(pool, "jvm.memory.used_after_last_gc", "byte", Kind.UP_DOWN, "used_after_last_gc", MEMORY_FROM,
                MEMORY_TO, null, "Measure of memory used, as measured after the most recent garbage collection event on this pool.");
        for (String kind : new String[] {"pause", "concurrent"}) {
            List<String> gc = Arrays.asList("vm", "gc", kind);
            MetricDefinition d = Metrics.distribution("jvm.gc.duration").eventName(gc).measurement("duration_ms")
                    .tags(GC_TO).unit("millisecond", "second").buckets(0.01, 0.1, 1, 10)
                    .description("Duration of JVM garbage collection actions.").build();
            put(gc, new Mapping(d, Kind.HISTOGRAM, "duration_ms", GC_FROM, GC_TO, null));
        }
        List<String> counts = Arrays.asList("vm", "system_counts");
        String[] daemon = {"jvm.thread.daemon"};
        if (threadStates) {
            List<String> states = Arrays.asList("vm", "thread_states");
            MetricDefinition threads = null;
            for (String state : THREAD_STATES) {
                if (threads == null) {
                    add(states, "jvm.thread.count", "{thread}", Kind.UP_DOWN, "daemon_" + state, NONE, NONE,
                            new String[] {"jvm.thread.daemon", "true", "jvm.thread.state", state},
                            "Number of executing platform threads.");
                    threads = byEvent.get(states).get(0).metric;
                } else {
                    put(states, new Mapping(threads, Kind.UP_DOWN, "daemon_" + state, NONE, NONE,
                            new String[] {"jvm.thread.daemon", "true", "jvm.thread.state", state}));
                }
                put(states, new Mapping(threads, Kind.UP_DOWN, state, NONE, NONE,
                        new String[] {"jvm.thread.daemon", "false", "jvm.thread.state", state}, "daemon_" + state));
            }
        } else {
            add(counts, "jvm.thread.count", "{thread}", Kind.UP_DOWN, "daemon_thread_count", NONE, NONE,
                    new String[] {"jvm.thread.daemon", "true"}, "Number of executing platform threads.");
            // the non-daemon threads: thread_count less daemon_thread_count
            put(counts, new Mapping(byEvent.get(counts).get(0).metric, Kind.UP_DOWN, "thread_count", NONE, NONE,
                    new String[] {"jvm.thread.daemon", "false"}, "daemon_thread_count"));
        }
        add(counts, "jvm.class.count", "{class}", Kind.UP_DOWN, "loaded_class_count", NONE, NONE, null,
                "Number of classes currently loaded.");
        add(counts, "jvm.class.loaded", "{class}", Kind.COUNTER, "total_loaded_class_count", NONE,
                NONE, null, "Number of classes loaded since JVM start.");
        add(counts, "jvm.class.unloaded", "{class}", Kind.COUNTER, "unloaded_class_count", NONE,
                NONE, null, "Number of classes unloaded since JVM start.");
        add(counts, "jvm.file_descriptor.count", "{file_descriptor}", Kind.UP_DOWN, "open_fd_count", NONE,
                NONE, null, "Number of open file descriptors as reported by the JVM.");
        add(counts, "jvm.file_descriptor.limit", "{file_descriptor}", Kind.UP_DOWN, "fd_limit", NONE, NONE,
                null, "Measure of max file descriptors.");
        List<String> cpu = Arrays.asList("vm", "cpu");
        add(cpu, "jvm.cpu.time", "s", Kind.COUNTER, "process_cpu_time_ns", NONE, NONE, null,
                "CPU time used by the process as reported by the JVM.");
        add(cpu, "jvm.cpu.count", "{cpu}", Kind.UP_DOWN, "available_processors", NONE, NONE, null,
                "Number of processors available to the Java virtual machine.");
        add(cpu, "jvm.cpu.recent_utilization", "1", Kind.GAUGE, "process_cpu_load", NONE, NONE, null,
                "Recent CPU utilization for the process as reported by the JVM.");
        add(cpu, "jvm.system.cpu.load_1m", "{run_queue_item}", Kind.GAUGE, "system_load_average", NONE, NONE, null,
                "Average CPU load of the whole system for the last minute as reported by the JVM.");
        List<String> memory = Arrays.asList("vm", "memory");
        add(memory, "jvm.buffer.memory.usage", "byte", Kind.UP_DOWN, "direct", NONE, NONE,
                new String[] {"jvm.buffer.pool.name", "direct"}, "Measure of memory used by buffers.");
        put(memory, new Mapping(byEvent.get(memory).get(0).metric, Kind.UP_DOWN, "mapped", NONE, NONE,
                new String[] {"jvm.buffer.pool.name", "mapped"}));
    }

    private void add(List<String> event, String name, String unit, Kind kind, String measurement, String[] from,
                     String[] to, String[] constant, String description) {
        List<String> tags = new ArrayList<>(Arrays.asList(to));
        for (int i = 0; constant != null && i < constant.length; i += 2) {
            tags.add(constant[i]);
        }
        MetricDefinition.Builder b = Metrics.lastValue(name).eventName(event).measurement(measurement).tags(tags)
                .description(description);
        if (unit.equals("s")) {
            b.unit("nanosecond", "second");
        } else if (unit.startsWith("{")) {
            b.unit(unit.substring(1, unit.length() - 1)); // a word: UcumUnits writes it back as {word}
        } else {
            b.unit(unit);
        }
        put(event, new Mapping(b.build(), kind, measurement, from, to, constant));
    }

    private void put(List<String> event, Mapping m) {
        List<Mapping> list = byEvent.get(event);
        if (list == null) {
            list = new ArrayList<>();
            byEvent.put(event, list);
            mapped.put(event, new HashSet<String>());
        }
        list.add(m);
        mapped.get(event).add(m.measurement);
        kinds.put(m.metric, m.kind);
    }

    /** The instrument each OpenTelemetry metric is (the metric definitions say last value or distribution). */
    public Map<MetricDefinition, Kind> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** Every OpenTelemetry metric this table can send, in table order (for docs and tests). */
    List<Mapping> mappings() {
        List<Mapping> all = new ArrayList<>();
        for (List<Mapping> l : byEvent.values()) {
            all.addAll(l);
        }
        return all;
    }

    /**
     * Records the event's measurements that have an OpenTelemetry name, and passes the others to the
     * index under the agent's names.
     */
    public void dispatch(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata,
                         MetricIndex index, MetricRecorder aggregator) {
        List<Mapping> mappings = byEvent.get(event);
        if (mappings == null) {
            index.dispatch(event, measurements, metadata, aggregator);
            return;
        }
        for (Mapping m : mappings) {
            Number n = measurements.get(m.measurement);
            if (n == null) {
                continue;
            }
            double v = n.doubleValue();
            if (m.minus != null) {
                Number less = measurements.get(m.minus);
                v -= less == null ? 0 : less.doubleValue();
            }
            if (v < 0) {
                continue; // -1: unknown (a pool with no max, a CPU load not yet known)
            }
            aggregator.record(m.metric, v, attributes(m, metadata));
        }
        Set<String> done = mapped.get(event);
        Map<String, Number> rest = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Number> e : measurements.entrySet()) {
            if (!done.contains(e.getKey())) {
                rest.put(e.getKey(), e.getValue());
            }
        }
        if (!rest.isEmpty()) {
            index.dispatch(event, rest, metadata, aggregator);
        }
    }

    private static Map<String, Object> attributes(Mapping m, Map<String, ?> metadata) {
        Map<String, Object> a = new LinkedHashMap<>(4);
        for (int i = 0; i < m.from.length; i++) {
            Object v = metadata.get(m.from[i]);
            if (v != null) {
                a.put(m.to[i], v);
            }
        }
        for (int i = 0; m.constant != null && i < m.constant.length; i += 2) {
            a.put(m.constant[i], m.constant[i + 1]);
        }
        return a;
    }
}
