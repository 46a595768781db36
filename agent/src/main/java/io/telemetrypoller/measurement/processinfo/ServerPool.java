package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.internal.AgentLog;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Iterator;

/**
 * Reads a server's own thread pool, a class the agent cannot name at compile time (it lives in the
 * server's jars), through its public methods found once per class by reflection:
 * <ul>
 *   <li>Tomcat's {@code org.apache.tomcat.util.threads.ThreadPoolExecutor} (Tomcat 9.0.x late, 10, 11: its
 *       own fork of the JDK's, not a subclass): {@code getQueue().size()}, {@code getActiveCount()},
 *       {@code getPoolSize()}, live until {@code isTerminated()};</li>
 *   <li>Jetty's {@code org.eclipse.jetty.util.thread.QueuedThreadPool} (9.4 to 12): {@code getQueueSize()}
 *       (jobs waiting for a thread), {@code getBusyThreads()}, {@code getThreads()}, live while
 *       {@code isRunning()}; named by {@code getName()} ({@code qtp12345678} unless the server names it);</li>
 *   <li>Netty's {@code io.netty.util.concurrent.MultithreadEventExecutorGroup} (4.1, 4.2: every event-loop
 *       group, NIO, epoll, kqueue, io_uring, and the {@code DefaultEventExecutorGroup}s handlers run on):
 *       {@code queued} is the sum of its loops' {@code pendingTasks()} (tasks handed to a loop by other
 *       threads, channel registrations and writes from outside the loop among them), {@code queued_max} the
 *       busiest loop's, {@code pool_size} {@code executorCount()}; a loop runs one task at a time on its own
 *       thread, so there is no {@code active}; live until {@code isTerminated()}; named after a loop's
 *       thread ({@code nioEventLoopGroup-3-1} gives {@code nioEventLoopGroup-3}).</li>
 *   <li>JBoss Threads' {@code org.jboss.threads.EnhancedQueueExecutor} (3.x: the task pool of XNIO 3.8's
 *       workers, so Undertow's request threads, and WildFly's pools): {@code getQueueSize()},
 *       {@code getPoolSize()}, and {@code getActiveCount()} only where JBoss Threads keeps it
 *       ({@code -Djboss.threads.eqe.statistics.active-count=true}; else no {@code active}); live until
 *       {@code isTerminated()}; named after a running thread ({@code XNIO-1 task-3} gives {@code XNIO-1 task}).</li>
 * </ul>
 * A method that is missing or throws makes the pool unreadable (left out of the poll). Immutable.
 */
class ServerPool {
    static final String TOMCAT = "org.apache.tomcat.util.threads.ThreadPoolExecutor";
    static final String JETTY = "org.eclipse.jetty.util.thread.QueuedThreadPool";
    static final String NETTY = "io.netty.util.concurrent.MultithreadEventExecutorGroup";
    static final String JBOSS = "org.jboss.threads.EnhancedQueueExecutor";

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
                if (c.getName().equals(JBOSS)) {
                    return new JBossPool(c.getMethod("getQueueSize"), c.getMethod("getActiveCount"),
                            c.getMethod("getPoolSize"), c.getMethod("isTerminated"), c.getMethod("getRunningThreads"));
                }
                if (c.getName().equals(NETTY)) {
                    return new NettyGroup(c.getMethod("iterator"), c.getMethod("executorCount"),
                            c.getMethod("isTerminated"));
                }
            } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
                return NONE; // a version without these methods: not read
            }
        }
        return NONE;
    }

    /** Live: a Tomcat or Netty pool not terminated, a Jetty pool running. False if that cannot be read. */
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

    /** Threads running a task, -1 if unreadable, or -2 where the pool has no such figure (Netty). */
    long active(Object pool) {
        return number(call(active, pool));
    }

    /** The most tasks waiting in any one of the pool's threads' own queues, or -2 where there are none. */
    long queuedMax(Object pool) {
        return -2;
    }

    /** The name of one of the pool's threads, where the agent has no hook that records it (Netty). */
    String threadName(Object pool) {
        return null;
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

    /**
     * A Netty event-executor group. Each loop's {@code pendingTasks()} is called only where it is Netty's
     * own, a plain size of the loop's queues ({@code SingleThreadEventExecutor}, {@code SingleThreadEventLoop}):
     * Netty 4.1 before 4.1.29 overrode it in {@code NioEventLoop} with a task submitted to the loop and
     * waited for, which would block the poller behind a busy loop; such a group is not read, said once.
     */
    private static final class NettyGroup extends ServerPool {
        private static final String LOOP = "io.netty.util.concurrent.SingleThreadEventExecutor";
        private static final String EVENT_LOOP = "io.netty.channel.SingleThreadEventLoop";
        /** Per loop class: its safe pendingTasks(), or null. */
        private static final ClassValue<Method> PENDING = new ClassValue<Method>() {
            @Override
            protected Method computeValue(Class<?> type) {
                return pendingTasks(type);
            }
        };
        private static final ClassValue<Field> THREAD = new ClassValue<Field>() {
            @Override
            protected Field computeValue(Class<?> type) {
                return threadField(type);
            }
        };

        private final Method iterator;

        NettyGroup(Method iterator, Method loops, Method terminated) {
            super(false, null, null, loops, terminated, null);
            this.iterator = iterator;
        }

        @Override
        long queued(Object pool) {
            return pending(pool, false);
        }

        @Override
        long queuedMax(Object pool) {
            return pending(pool, true);
        }

        @Override
        long active(Object pool) {
            return -2;
        }

        private long pending(Object pool, boolean max) {
            Iterator<?> loops = loops(pool);
            if (loops == null) {
                return -1;
            }
            long sum = 0;
            long most = 0;
            while (loops.hasNext()) {
                Object loop = loops.next();
                Method m = loop == null ? null : PENDING.get(loop.getClass());
                Object v = m == null ? null : call(m, loop);
                if (!(v instanceof Number)) {
                    return -1;
                }
                long n = ((Number) v).longValue();
                sum += n;
                most = Math.max(most, n);
            }
            return max ? most : sum;
        }

        @Override
        String threadName(Object pool) {
            Iterator<?> loops = loops(pool);
            while (loops != null && loops.hasNext()) {
                Object loop = loops.next();
                Field f = loop == null ? null : THREAD.get(loop.getClass());
                try {
                    Object t = f == null ? null : f.get(loop);
                    if (t instanceof Thread) {
                        return ((Thread) t).getName();
                    }
                } catch (Throwable e) {
                    return null;
                }
            }
            return null; // no loop has started its thread yet
        }

        private Iterator<?> loops(Object pool) {
            Object it = call(iterator, pool);
            return it instanceof Iterator ? (Iterator<?>) it : null;
        }

        private static Method pendingTasks(Class<?> loop) {
            try {
                Method m = loop.getMethod("pendingTasks");
                String owner = m.getDeclaringClass().getName();
                if (owner.equals(LOOP) || owner.equals(EVENT_LOOP)) {
                    return m;
                }
                AgentLog.warnOnce("netty-pending:" + loop.getName(), loop.getName() + " overrides pendingTasks()"
                        + " (Netty before 4.1.29 waits for the loop in it): its group's backlog is not read");
            } catch (Throwable e) {
                AgentLog.warnOnce("netty-pending:" + loop.getName(), "cannot read the backlog of Netty's "
                        + loop.getName() + ": " + e);
            }
            return null;
        }

        private static Field threadField(Class<?> loop) {
            for (Class<?> c = loop; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(LOOP)) {
                    try {
                        Field f = c.getDeclaredField("thread");
                        f.setAccessible(true);
                        return f;
                    } catch (Throwable e) {
                        return null; // a Netty without it, or a module that is not open: the class's name then
                    }
                }
            }
            return null;
        }
    }

    /** JBoss Threads' EnhancedQueueExecutor: -1 from a getter means JBoss Threads does not track that figure. */
    private static final class JBossPool extends ServerPool {
        private final Method threads;

        JBossPool(Method queued, Method active, Method poolSize, Method terminated, Method threads) {
            super(false, queued, active, poolSize, terminated, null);
            this.threads = threads;
        }

        @Override
        long queued(Object pool) {
            long n = super.queued(pool);
            if (n == -1) {
                AgentLog.warnOnce("jboss-queue", "JBoss Threads keeps no queue size here"
                        + " (jboss.threads.eqe.unlimited-queue or an unlimited queue): its pools' backlog is not read");
            }
            return n;
        }

        @Override
        long active(Object pool) {
            long n = super.active(pool);
            return n == -1 ? -2 : n;
        }

        @Override
        String threadName(Object pool) {
            Object v = call(threads, pool);
            if (v instanceof Thread[] && ((Thread[]) v).length > 0) {
                return ((Thread[]) v)[0].getName();
            }
            return null;
        }
    }
}
