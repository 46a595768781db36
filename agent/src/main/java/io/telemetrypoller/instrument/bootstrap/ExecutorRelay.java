package io.telemetrypoller.instrument.bootstrap;

import java.util.function.ObjIntConsumer;

/**
 * What the woven {@code ThreadPoolExecutor} and {@code ForkJoinPool} call. They are bootstrap classes and
 * can link to nothing the agent's loader defines, so {@code RelayInstaller} puts this class where they
 * can: renamed {@code java.util.concurrent.TelemetryPollerRelay} inside {@code java.base} (Java 9+), or on
 * the bootstrap class path (Java 8). It forwards to the agent's hooks through a JDK interface, so the
 * registries stay in the agent's loader, in one copy. The agent sets {@link #target} by reflection and
 * never names this class otherwise, so its own loader never defines a second copy.
 *
 * <p>Each call: a volatile read and an interface call; nothing allocated; nothing thrown.
 */
public final class ExecutorRelay {
    /** The agent's hooks; null until set (calls before that are dropped). */
    public static volatile ObjIntConsumer<Object> target;

    private ExecutorRelay() {
    }

    /** An executor's constructor completed. */
    public static void created(Object executor) {
        forward(executor, 0);
    }

    /** An executor's worker thread starts its loop. */
    public static void workerStarted(Object executor) {
        forward(executor, 1);
    }

    private static void forward(Object executor, int event) {
        try {
            ObjIntConsumer<Object> t = target;
            if (t != null) {
                t.accept(executor, event);
            }
        } catch (Throwable ignored) {
            // nothing may leave a hook
        }
    }
}
