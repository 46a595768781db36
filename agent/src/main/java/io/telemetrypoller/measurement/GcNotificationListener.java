package io.telemetrypoller.measurement;

import io.telemetrypoller.Telemetry;

import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns each garbage collection notification into one event, as the collection ends:
 *
 * <pre>{@code
 * [vm, gc, pause]      {duration_ms=3}  {collector=G1 Young Generation, action=end of minor GC,
 *                                        cause=G1 Evacuation Pause}
 * [vm, gc, concurrent] {duration_ms=24} {collector=ZGC Major Cycles, action=end of GC cycle, cause=Allocation Rate}
 * }</pre>
 *
 * <p>The notification's {@link CompositeData} is read by key ({@code gcName}, {@code gcAction},
 * {@code gcCause}, {@code gcInfo.duration}), so no {@code com.sun.management} class is needed.
 * See {@link #isConcurrent} for which collections are not pauses.
 *
 * <p>Thread rules: runs on the JVM's notification thread, so the events reach handlers there; it never
 * throws (an exception would be lost in the JMX machinery, and must not disturb it).
 */
final class GcNotificationListener implements NotificationListener {
    static final String GC_NOTIFICATION = "com.sun.management.gc.notification";
    static final List<String> PAUSE = Collections.unmodifiableList(Arrays.asList("vm", "gc", "pause"));
    static final List<String> CONCURRENT = Collections.unmodifiableList(Arrays.asList("vm", "gc", "concurrent"));

    @Override
    public void handleNotification(Notification notification, Object handback) {
        try {
            if (!GC_NOTIFICATION.equals(notification.getType())
                    || !(notification.getUserData() instanceof CompositeData)) {
                return;
            }
            emit((CompositeData) notification.getUserData());
        } catch (Throwable ignored) {
            // a malformed notification is skipped: nothing here may reach the notification thread
        }
    }

    /** Emits the event of one notification's data; does nothing when a field it needs is missing. */
    static void emit(CompositeData data) {
        String collector = string(data, "gcName");
        String action = string(data, "gcAction");
        String cause = string(data, "gcCause");
        Object info = data.containsKey("gcInfo") ? data.get("gcInfo") : null;
        Object duration = info instanceof CompositeData && ((CompositeData) info).containsKey("duration")
                ? ((CompositeData) info).get("duration") : null;
        if (collector == null || !(duration instanceof Number)) {
            return;
        }
        Map<String, Number> m = new LinkedHashMap<>(2);
        m.put("duration_ms", ((Number) duration).longValue());
        Map<String, Object> meta = new LinkedHashMap<>(4);
        meta.put("collector", collector);
        meta.put("action", action == null ? "" : action);
        meta.put("cause", cause == null ? "" : cause);
        Telemetry.execute(isConcurrent(collector, action, cause) ? CONCURRENT : PAUSE, m, meta);
    }

    /**
     * Whether a collection ran alongside the application rather than stopping it. Observed on JDK 17 and 25:
     * <ul>
     *   <li>ZGC "ZGC Cycles" (17), "ZGC Major Cycles"/"ZGC Minor Cycles" (25) and "Shenandoah Cycles", action
     *       "end of GC cycle": whole concurrent cycles. Their pauses come separately from "ZGC Pauses",
     *       "ZGC Major/Minor Pauses" ("end of GC pause") and "Shenandoah Pauses" ("Init Mark", ...).</li>
     *   <li>G1 "G1 Concurrent GC" (JDK 20+), action "end of concurrent GC pause", cause "No GC": despite its
     *       name these are the Remark and Cleanup stop-the-world pauses of the concurrent cycle (the
     *       durations match -Xlog:gc's "Pause Remark"/"Pause Cleanup"), so they are pauses.</li>
     *   <li>CMS (JDK 8-13) "ConcurrentMarkSweep" with cause "No GC" is a background cycle timed from its
     *       initial mark to the end of its sweep: concurrent. Its foreground collections have a real cause.</li>
     * </ul>
     * So: an action that says "pause" is a pause; otherwise a collector named "... Cycles", an action
     * naming a cycle or "concurrent", or the cause "No GC" is concurrent; everything else is a pause.
     */
    static boolean isConcurrent(String collector, String action, String cause) {
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (a.contains("pause")) {
            return false;
        }
        return collector.endsWith("Cycles") || a.contains("cycle") || a.contains("concurrent")
                || "No GC".equals(cause);
    }

    private static String string(CompositeData data, String key) {
        Object v = data.containsKey(key) ? data.get(key) : null;
        return v == null ? null : v.toString();
    }
}
