package io.telemetrypoller.measurement;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;

import javax.management.NotificationEmitter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gc}: the garbage collectors. Each poll emits one {@code [vm, gc]} per collector, with its
 * cumulative count and time (longs; -1 where the collector does not say):
 *
 * <pre>{@code
 * [vm, gc] {count=12, time_ms=85} {collector=G1 Young Generation}
 * }</pre>
 *
 * <p>Besides, from the moment the measurement is created until {@link #close}, a listener on each
 * collector's notifications emits {@code [vm, gc, pause]} or {@code [vm, gc, concurrent]} as each
 * collection ends (see {@link GcNotificationListener}), on the JVM's notification thread:
 *
 * <pre>{@code
 * [vm, gc, pause] {duration_ms=3} {collector=G1 Young Generation, action=end of minor GC, cause=G1 Evacuation Pause}
 * }</pre>
 *
 * <p>Thread rules: {@link #measure} from one poller thread; {@link #close} from any thread. Cost: under
 * a microsecond a collector.
 */
public final class GcMeasurement implements Measurement {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("vm", "gc"));

    private final List<GarbageCollectorMXBean> collectors;
    private final List<Map<String, Object>> metadata;
    private final GcNotificationListener listener = new GcNotificationListener();
    private final List<NotificationEmitter> listening = new ArrayList<>();

    public GcMeasurement() {
        this(ManagementFactory.getGarbageCollectorMXBeans());
    }

    /** For tests: the collectors; those that are {@link NotificationEmitter}s get the listener. */
    GcMeasurement(List<GarbageCollectorMXBean> collectors) {
        this.collectors = new ArrayList<>(collectors);
        List<Map<String, Object>> meta = new ArrayList<>(collectors.size());
        for (GarbageCollectorMXBean gc : collectors) {
            meta.add(Collections.<String, Object>singletonMap("collector", gc.getName()));
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter emitter = (NotificationEmitter) gc;
                try {
                    emitter.addNotificationListener(listener, null, null);
                    listening.add(emitter);
                } catch (RuntimeException e) {
                    // this collector's pauses go unseen; its counts are still polled
                }
            }
        }
        this.metadata = meta;
    }

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public void measure() {
        for (int i = 0; i < collectors.size(); i++) {
            GarbageCollectorMXBean gc = collectors.get(i);
            Map<String, Number> m = new LinkedHashMap<>(4);
            m.put("count", gc.getCollectionCount());
            m.put("time_ms", gc.getCollectionTime());
            Telemetry.execute(EVENT, m, metadata.get(i));
        }
    }

    /** Removes the listeners. Idempotent. */
    @Override
    public synchronized void close() {
        for (NotificationEmitter emitter : listening) {
            try {
                emitter.removeNotificationListener(listener, null, null);
            } catch (Exception ignored) {
                // already removed: nothing left to release
            }
        }
        listening.clear();
    }
}
