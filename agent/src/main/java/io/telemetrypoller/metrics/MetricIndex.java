package io.telemetrypoller.metrics;

import io.telemetrypoller.internal.AgentLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns events into metric updates for a reporter: {@link #dispatch} finds the metrics an event feeds,
 * applies keep/drop, reads the measurement, and calls the {@link MetricRecorder} once per metric (the
 * reporter converts the unit: StatsD to the metric's unit, Prometheus to bytes or seconds).
 *
 * <p>With no definitions it is the zero-config default: every numeric measurement of every event is a
 * last value named {@code <event>.<measurement>} with the event's metadata as tags, e.g.
 * {@code [vm, memory] {total=49670008}} becomes {@code last_value vm.memory.total = 49670008} (unit byte,
 * see {@link DefaultUnits}). Those definitions are made once per (event, measurement) and kept; past
 * {@link #MAX_DEFAULT_METRICS} of them, new ones are dropped and counted, so a stream of ever-new event
 * names cannot grow memory without bound. A thread's {@code state} in the metadata is no tag of them: it
 * becomes the 0/1 state set {@code <event>.state} ({@link ThreadStates}).
 *
 * <p>Thread rules: {@link #dispatch} may run on any thread, concurrently. A known event costs one map
 * lookup and allocates nothing beyond what the recorder does.
 */
public final class MetricIndex {
    public static final int MAX_DEFAULT_METRICS = 10_000;

    private final List<MetricDefinition> definitions;
    private final Map<EventKey, MetricDefinition[]> byEvent;
    private final ConcurrentHashMap<EventKey, ConcurrentHashMap<String, MetricDefinition>> defaults =
            new ConcurrentHashMap<>();
    private final AtomicInteger defaultCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong notANumber = new AtomicLong();

    private MetricIndex(List<MetricDefinition> definitions) {
        this.definitions = Collections.unmodifiableList(new ArrayList<>(definitions));
        Map<List<String>, List<MetricDefinition>> grouped = new HashMap<>();
        for (MetricDefinition d : definitions) {
            List<MetricDefinition> list = grouped.get(d.eventName());
            if (list == null) {
                list = new ArrayList<>();
                grouped.put(d.eventName(), list);
            }
            list.add(d);
        }
        Map<EventKey, MetricDefinition[]> index = new HashMap<>();
        for (Map.Entry<List<String>, List<MetricDefinition>> e : grouped.entrySet()) {
            index.put(EventKey.copyOf(e.getKey()), e.getValue().toArray(new MetricDefinition[0]));
        }
        this.byEvent = index;
    }

    /** The index of these definitions; an empty list gives the zero-config default. */
    public static MetricIndex of(List<MetricDefinition> definitions) {
        return new MetricIndex(definitions);
    }

    /** True when no metric is defined and every measurement is reported as a last value. */
    public boolean zeroConfig() {
        return definitions.isEmpty();
    }

    /** The defined metrics (empty in zero-config). */
    public List<MetricDefinition> definitions() {
        return definitions;
    }

    /** Zero-config measurements left out because {@link #MAX_DEFAULT_METRICS} was reached. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Measurements skipped because their value was not a number (a raw map from the application can
     * hold anything): nothing is sent for them, as telemetry_metrics_statsd, and it is not a failure
     * of the sink; counted apart from {@link #dropped}.
     */
    public long notANumber() {
        return notANumber.get();
    }

    /** Feeds one event to the recorder. */
    public void dispatch(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata,
                         MetricRecorder recorder) {
        if (definitions.isEmpty()) {
            dispatchDefault(event, measurements, metadata, recorder);
            return;
        }
        MetricDefinition[] metrics = byEvent.get(EventKey.of(event));
        if (metrics == null) {
            return;
        }
        for (MetricDefinition m : metrics) {
            if (!m.keeps(metadata)) {
                continue;
            }
            Map<String, ?> tagSource = metadata;
            Object n;
            try {
                if (m.hasTagValues()) {
                    tagSource = m.tagSource(metadata);
                    if (tagSource == null) {
                        tagSource = java.util.Collections.emptyMap();
                    }
                }
                if (m.type() == MetricType.COUNTER) {
                    recorder.record(m, 1, tagSource);
                    continue;
                }
                n = m.measureFunction() != null ? m.measureFunction().apply(measurements, metadata)
                        : measurements.get(m.measurement()); // not Number: a raw map may hold anything
            } catch (RuntimeException e) {
                functionFailed(m, e);
                continue;
            }
            if (n instanceof Number) {
                recorder.record(m, ((Number) n).doubleValue(), tagSource);
            } else if (n != null) {
                notANumber(event, m.measurement(), n);
            }
        }
    }

    /** The application's measurement or tag_values function threw: reported once per metric, counted. */
    private void functionFailed(MetricDefinition m, RuntimeException e) {
        notANumber.incrementAndGet();
        io.telemetrypoller.internal.AgentLog.warnOnce("metric-function:" + m.name(), "metric " + m.name()
                + ": its measurement or tag_values function threw " + e + "; the event is left out of it"
                + " (reported once; counted in the sinks' dropped)");
    }

    private void dispatchDefault(List<String> event, Map<String, ? extends Number> measurements,
                                 Map<String, ?> metadata, MetricRecorder recorder) {
        String state = ThreadStates.of(metadata);
        if (measurements.isEmpty() && state == null) {
            return;
        }
        if (state != null) {
            metadata = ThreadStates.without(metadata); // a changing state is not a series identity
        }
        ConcurrentHashMap<String, MetricDefinition> ofEvent = defaults.get(EventKey.of(event));
        if (ofEvent == null) {
            if (defaultCount.get() >= MAX_DEFAULT_METRICS) {
                dropped.incrementAndGet();
                return;
            }
            ConcurrentHashMap<String, MetricDefinition> fresh = new ConcurrentHashMap<>();
            ofEvent = defaults.putIfAbsent(EventKey.copyOf(event), fresh);
            if (ofEvent == null) {
                ofEvent = fresh;
            }
        }
        for (Map.Entry<String, ? extends Number> e : measurements.entrySet()) {
            Object n = e.getValue();
            String key = e.getKey();
            if (!(n instanceof Number) || key == null) {
                if (n != null) {
                    notANumber(event, key, n);
                }
                continue;
            }
            MetricDefinition m = ofEvent.get(key);
            if (m == null) {
                m = newDefault(ofEvent, event, key);
                if (m == null) {
                    continue;
                }
            }
            recorder.record(m, ((Number) n).doubleValue(), metadata);
        }
        if (state != null) {
            MetricDefinition gauge = ofEvent.get(ThreadStates.KEY);
            if (gauge == null) {
                gauge = newDefault(ofEvent, event, ThreadStates.KEY);
            }
            if (gauge != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> tags = (Map<String, Object>) metadata;
                ThreadStates.record(gauge, tags, state, recorder);
            }
        }
    }

    private void notANumber(List<String> event, String measurement, Object value) {
        notANumber.incrementAndGet();
        AgentLog.warnOnce("not-a-number:" + event + ":" + measurement, "measurement " + measurement + " of event "
                + event + " is a " + value.getClass().getSimpleName() + ", not a number: left out of the metrics"
                + " (reported once; counted in the sinks' dropped)");
    }

    private MetricDefinition newDefault(ConcurrentHashMap<String, MetricDefinition> ofEvent, List<String> event,
                                        String key) {
        if (defaultCount.incrementAndGet() > MAX_DEFAULT_METRICS) {
            defaultCount.decrementAndGet();
            dropped.incrementAndGet();
            return null;
        }
        MetricDefinition made = MetricDefinition.defaultFor(event, key, DefaultUnits.of(event, key));
        MetricDefinition raced = ofEvent.putIfAbsent(key, made);
        if (raced != null) {
            defaultCount.decrementAndGet();
            return raced;
        }
        return made;
    }
}
