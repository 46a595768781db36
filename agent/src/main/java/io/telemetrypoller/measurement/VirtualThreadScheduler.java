package io.telemetrypoller.measurement;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;

/**
 * The number of virtual threads queued for a carrier thread, from JDK 24+'s
 * {@code jdk.management.VirtualThreadSchedulerMXBean#getQueuedVirtualThreadCount()}, reached by
 * reflection because the agent is compiled for Java 8. The bean and the {@link Method} are looked up
 * once; on an older JDK, or if a call ever fails, {@link #queued()} answers 0 from then on.
 */
final class VirtualThreadScheduler {
    static final VirtualThreadScheduler ABSENT = new VirtualThreadScheduler(null, null);

    private static final String BEAN_INTERFACE = "jdk.management.VirtualThreadSchedulerMXBean";
    private static final String QUEUED = "getQueuedVirtualThreadCount";

    private Object bean;
    private Method queued;

    VirtualThreadScheduler(Object bean, Method queued) {
        this.bean = bean;
        this.queued = queued;
    }

    /** The running JVM's scheduler, or {@link #ABSENT} before JDK 24. */
    static VirtualThreadScheduler platform() {
        try {
            // the boot loader defines jdk.management, whichever loader holds the agent
            Class<? extends PlatformManagedObject> type = Class.forName(BEAN_INTERFACE, true, null)
                    .asSubclass(PlatformManagedObject.class);
            Object bean = ManagementFactory.getPlatformMXBean(type);
            return bean == null ? ABSENT : new VirtualThreadScheduler(bean, type.getMethod(QUEUED));
        } catch (Throwable t) {
            return ABSENT;
        }
    }

    /** Whether there is a scheduler to read (JDK 24+). */
    boolean present() {
        return bean != null;
    }

    /** Virtual threads waiting for a carrier now; 0 when unknown. Called from one thread only. */
    long queued() {
        Object b = bean;
        if (b == null) {
            return 0;
        }
        try {
            Object value = queued.invoke(b);
            return value instanceof Number ? Math.max(0, ((Number) value).longValue()) : 0;
        } catch (Throwable t) {
            bean = null; // a bean that failed once is not worth a failing call every poll
            queued = null;
            return 0;
        }
    }
}
