package io.telemetrypoller.measurement;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.lang.management.GarbageCollectorMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static io.telemetrypoller.TestMaps.meta;
import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcMeasurementTest {
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "gc"), name("vm", "gc", "pause"), name("vm", "gc", "concurrent"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    @Test
    void pollEmitsCumulativeCountAndTimePerCollector() {
        GcMeasurement m = new GcMeasurement(Arrays.asList(
                new FakeCollector("G1 Young Generation", 12, 85),
                new FakeCollector("G1 Old Generation", 0, 0)));
        m.measure();
        m.close();

        List<EventRecorder.Event> events = recorder.events();
        assertEquals(2, events.size(), events.toString());
        assertEquals(name("vm", "gc"), events.get(0).name);
        assertEquals(Arrays.asList("count", "time_ms"), events.get(0).keys());
        assertEquals(numbers("count", 12L, "time_ms", 85L), events.get(0).measurements);
        assertEquals(meta("collector", "G1 Young Generation"), events.get(0).metadata);
        assertEquals(numbers("count", 0L, "time_ms", 0L), events.get(1).measurements);
        assertEquals(meta("collector", "G1 Old Generation"), events.get(1).metadata);
    }

    @Test
    void aListenerIsAddedAtCreationTurnsNotificationsIntoEventsAndIsRemovedOnClose() throws Exception {
        FakeCollector young = new FakeCollector("G1 Young Generation", 1, 3);
        GcMeasurement m = new GcMeasurement(Collections.<GarbageCollectorMXBean>singletonList(young));
        assertEquals(1, young.listeners.size());

        young.send(gcNotification("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 3L));
        young.send(gcNotification("G1 Concurrent GC", "end of concurrent GC pause", "No GC", 1L));
        young.send(gcNotification("ZGC Major Cycles", "end of GC cycle", "Allocation Rate", 24L));
        young.send(new Notification("jmx.attribute.change", "source", 1)); // another type: ignored
        Notification junk = new Notification(GcNotificationListener.GC_NOTIFICATION, "source", 2);
        junk.setUserData("not composite data");
        young.send(junk); // must not throw on the notification thread

        List<EventRecorder.Event> events = recorder.events();
        assertEquals(3, events.size(), events.toString());
        assertEquals(name("vm", "gc", "pause"), events.get(0).name);
        assertEquals(numbers("duration_ms", 3L), events.get(0).measurements);
        assertEquals(meta("collector", "G1 Young Generation", "action", "end of minor GC",
                "cause", "G1 Evacuation Pause"), events.get(0).metadata);
        assertEquals(Arrays.asList("collector", "action", "cause"), new ArrayList<>(events.get(0).metadata.keySet()));
        // G1's "concurrent GC" bean reports the Remark and Cleanup pauses: stop-the-world
        assertEquals(name("vm", "gc", "pause"), events.get(1).name);
        assertEquals(meta("collector", "G1 Concurrent GC", "action", "end of concurrent GC pause",
                "cause", "No GC"), events.get(1).metadata);
        assertEquals(name("vm", "gc", "concurrent"), events.get(2).name);
        assertEquals(numbers("duration_ms", 24L), events.get(2).measurements);

        m.close();
        assertEquals(0, young.listeners.size());
        m.close(); // idempotent
    }

    @Test
    void compositeDataWithoutDurationOrNameEmitsNothing() throws Exception {
        CompositeType noInfo = new CompositeType("GcInfoless", "no gcInfo", new String[] {"gcName", "gcAction"},
                new String[] {"gcName", "gcAction"}, new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING});
        GcNotificationListener.emit(new CompositeDataSupport(noInfo, new String[] {"gcName", "gcAction"},
                new Object[] {"Copy", "end of minor GC"}));
        assertEquals(Collections.emptyList(), recorder.events());
    }

    @Test
    void concurrentCyclesAreToldFromPausesByWhatJdk17And25Report() {
        // concurrent: whole cycles that run beside the application
        assertTrue(GcNotificationListener.isConcurrent("ZGC Cycles", "end of GC cycle", "Allocation Rate"));
        assertTrue(GcNotificationListener.isConcurrent("ZGC Major Cycles", "end of GC cycle", "System.gc()"));
        assertTrue(GcNotificationListener.isConcurrent("ZGC Minor Cycles", "end of GC cycle", "Allocation Stall"));
        assertTrue(GcNotificationListener.isConcurrent("Shenandoah Cycles", "end of GC cycle", "Concurrent GC"));
        assertTrue(GcNotificationListener.isConcurrent("ConcurrentMarkSweep", "end of major GC", "No GC"));
        assertTrue(GcNotificationListener.isConcurrent("Some GC", "end of concurrent phase", "Warmup"));
        // pauses
        assertFalse(GcNotificationListener.isConcurrent("ZGC Pauses", "end of GC pause", "Warmup"));
        assertFalse(GcNotificationListener.isConcurrent("ZGC Minor Pauses", "end of GC pause", "Allocation Rate"));
        assertFalse(GcNotificationListener.isConcurrent("Shenandoah Pauses", "Init Mark", "Concurrent GC"));
        assertFalse(GcNotificationListener.isConcurrent("Shenandoah Pauses", "Degenerated GC", "Allocation Failure"));
        assertFalse(GcNotificationListener.isConcurrent("G1 Concurrent GC", "end of concurrent GC pause", "No GC"));
        assertFalse(GcNotificationListener.isConcurrent("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause"));
        assertFalse(GcNotificationListener.isConcurrent("G1 Old Generation", "end of major GC", "System.gc()"));
        assertFalse(GcNotificationListener.isConcurrent("ConcurrentMarkSweep", "end of major GC", "Allocation Failure"));
        assertFalse(GcNotificationListener.isConcurrent("PS Scavenge", "end of minor GC", "Allocation Failure"));
        assertFalse(GcNotificationListener.isConcurrent("Copy", null, null));
    }

    @Test
    void onTheRealJvmSystemGcYieldsAPauseEvent() throws Exception {
        GcMeasurement m = new GcMeasurement();
        try {
            System.gc();
            EventRecorder.Event pause = recorder.await(e -> e.name.equals(name("vm", "gc", "pause"))
                    && "System.gc()".equals(e.metadata.get("cause")), 10_000);
            assertNotNull(pause, "no [vm, gc, pause] for System.gc(): " + recorder.events());
            assertEquals(Arrays.asList("duration_ms"), pause.keys());
            assertTrue(pause.measurements.get("duration_ms").longValue() >= 0);
            assertEquals(Arrays.asList("collector", "action", "cause"), new ArrayList<>(pause.metadata.keySet()));
        } finally {
            m.close();
        }
    }

    /** A notification as the JVM sends it, with only the fields the listener reads. */
    static Notification gcNotification(String name, String action, String cause, long durationMs)
            throws OpenDataException {
        CompositeType infoType = new CompositeType("GcInfo", "gc info", new String[] {"id", "duration"},
                new String[] {"id", "duration"}, new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG});
        CompositeData info = new CompositeDataSupport(infoType, new String[] {"id", "duration"},
                new Object[] {7L, durationMs});
        String[] keys = {"gcName", "gcAction", "gcCause", "gcInfo"};
        CompositeType type = new CompositeType("GarbageCollectionNotificationInfo", "gc", keys, keys,
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, infoType});
        Notification n = new Notification(GcNotificationListener.GC_NOTIFICATION, "source", 1);
        n.setUserData(new CompositeDataSupport(type, keys, new Object[] {name, action, cause, info}));
        return n;
    }

    /** A collector that is also a notification emitter, as the JVM's are. */
    static final class FakeCollector implements GarbageCollectorMXBean, NotificationEmitter {
        final List<NotificationListener> listeners = new ArrayList<>();
        private final String name;
        private final long count;
        private final long timeMs;

        FakeCollector(String name, long count, long timeMs) {
            this.name = name;
            this.count = count;
            this.timeMs = timeMs;
        }

        void send(Notification n) {
            for (NotificationListener l : new ArrayList<>(listeners)) {
                l.handleNotification(n, null);
            }
        }

        @Override
        public long getCollectionCount() {
            return count;
        }

        @Override
        public long getCollectionTime() {
            return timeMs;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String[] getMemoryPoolNames() {
            return new String[0];
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }

        @Override
        public void addNotificationListener(NotificationListener l, NotificationFilter f, Object handback) {
            listeners.add(l);
        }

        @Override
        public void removeNotificationListener(NotificationListener l) throws ListenerNotFoundException {
            if (!listeners.remove(l)) {
                throw new ListenerNotFoundException();
            }
        }

        @Override
        public void removeNotificationListener(NotificationListener l, NotificationFilter f, Object handback)
                throws ListenerNotFoundException {
            removeNotificationListener(l);
        }

        @Override
        public MBeanNotificationInfo[] getNotificationInfo() {
            return new MBeanNotificationInfo[0];
        }
    }
}
