package io.telemetrypoller.measurement.processinfo;

import java.lang.reflect.Method;
import java.util.Collection;

/**
 * Reads a server's own thread pool, a class the agent cannot name at compile time (it lives in the
 * server's jars), through its public methods found once per class by reflection:
 * <ul>
 *   <li>Tomcat's {@code org.apache.tomcat.util.threads.ThreadPoolExecutor} (Tomcat 9.0.x late, 10, 11: its
 *       own fork of the JDK's, not a subclass): {@code getQueue().size()}, {@code getActiveCount()},
 *       {@code getPoolSize()}, live until {@code isTerminated()};</li>
 *   <li>Jetty's {@code org.eclipse.jetty.util.thread.QueuedThreadPool} (9.4 to 12): {@code getQueueSize()}
 *       (jobs waiting for a thread), {@code getBusyThreads()}, {@code getThreads()}, live while
 *       {@code isRunning()}; named by {@code getName()} ({@code qtp12345678} unless the server names it).</li>
 * </ul>
 * A method that is missing or throws makes the pool unreadable (left out of the poll). Immutable.
 */
final class ServerPool {
    static final String TOMCAT = "org.apache.tomcat.util.threads.ThreadPoolExecutor";
    static final String JETTY = "org.eclipse.jetty.util.thread.QueuedThreadPool";

    private static final ClassValue<ServerPool> BY_CLASS = new ClassValue<ServerPool>() {
        @Override
        protected ServerPool computeValue(Class<?> type) {
            return of(type);
        }
    };
    private static final ServerPool NONE = new ServerPool(false, null, null, null, null, null);

    private final boolean jetty;
    private final Method queued;
    private final Method active;
    private final Method poolSize;
    private final Method live;
    private final Method name;

    private ServerPool(boolean jetty, Method queued, Method active, Method poolSize, Method live, Method name) {
        this.jetty = jetty;
        this.queued = queued;
        this.active = active;
        this.poolSize = poolSize;
        this.live = live;
        this.name = name;
    }

    /** The reader for this object's class, or null if it is no server pool the agent knows. */
    static ServerPool of(Object pool) {
        ServerPool p = BY_CLASS.get(pool.getClass());
        return p == NONE ? null : p;
    }

    private static ServerPool of(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                if (c.getName().equals(TOMCAT)) {
                    return new ServerPool(false, c.getMethod("getQueue"), c.getMethod("getActiveCount"),
                            c.getMethod("getPoolSize"), c.getMethod("isTerminated"), null);
                }
                if (c.getName().equals(JETTY)) {
                    return new ServerPool(true, c.getMethod("getQueueSize"), c.getMethod("getBusyThreads"),
                            c.getMethod("getThreads"), c.getMethod("isRunning"), c.getMethod("getName"));
                }
            } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
                return NONE; // a version without these methods: not read
            }
        }
        return NONE;
    }

    /** Live: a Tomcat pool not terminated, a Jetty pool running. False if that cannot be read. */
    boolean live(Object pool) {
        Object v = call(live, pool);
        return v instanceof Boolean && (jetty ? (Boolean) v : !(Boolean) v);
    }

    /** Tasks waiting for a thread, or -1 if unreadable. */
    long queued(Object pool) {
        Object v = call(queued, pool);
        if (v instanceof Collection) {
            return ((Collection<?>) v).size();
        }
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    long active(Object pool) {
        return number(call(active, pool));
    }

    long poolSize(Object pool) {
        return number(call(poolSize, pool));
    }

    /** The pool's own name (Jetty), or null: Tomcat's is its worker threads' prefix. */
    String name(Object pool) {
        Object v = name == null ? null : call(name, pool);
        return v == null ? null : String.valueOf(v);
    }

    private static long number(Object v) {
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    private static Object call(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (Throwable t) {
            return null;
        }
    }
}
