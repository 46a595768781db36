package io.telemetrypoller.instrument.hook;


import java.util.function.ObjIntConsumer;

/**
 * The static methods that woven code calls: from the constructors and {@code run()} of configured worker
 * classes directly, and from {@code ThreadPoolExecutor}/{@code ForkJoinPool} through the bootstrap
 * {@code ExecutorRelay} and {@link #RELAY_TARGET}. Every method catches everything it could throw (the
 * call sites are guarded too) and allocates nothing but the registry entry.
 *
 * <p>Loaded by the agent's own loader (the system class loader), which every application loader that
 * delegates to its parents reaches; one copy, shared with the measurements that read the registries.
 */
public final class Hooks {
    /** What {@code ExecutorRelay} forwards to: 0 an executor was created, 1 one of its workers started. */
    public static final ObjIntConsumer<Object> RELAY_TARGET = new ObjIntConsumer<Object>() {
        @Override
        public void accept(Object executor, int event) {
            if (event == 0) {
                executor(executor);
            } else {
                executorWorker(executor);
            }
        }
    };

    /** Instances of configured worker classes, kind = the class's index. */
    public static final WeakRegistry WORKERS = new WeakRegistry();
    /** ThreadPoolExecutor and ForkJoinPool instances, kind 0. */
    public static final WeakRegistry EXECUTORS = new WeakRegistry();

    /** Tests only ({@code -Dtelemetry-poller.test.fault=hook}): every hook throws, and must swallow it. */
    static volatile boolean fault = faultRequested();
    /** How many times a hook swallowed a failure; the first one is kept for the agent to report. */
    public static volatile long failures;
    public static volatile Throwable firstFailure;

    private static final RuntimeException FAULT = new IllegalStateException("injected hook fault (test)");

    private Hooks() {
    }

    /** A worker's constructor completed. */
    public static void worker(Object self, int kind) {
        try {
            check();
            WORKERS.register(self, kind);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** A worker's {@code run()} starts: bind it to the current thread (a Thread subclass is its own). */
    public static void runEnter(Object self) {
        try {
            check();
            if (!(self instanceof Thread)) {
                WeakRegistry.Entry e = WORKERS.find(self);
                if (e != null) {
                    e.bindThread(Thread.currentThread().getId());
                }
            }
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** A worker's {@code run()} ends, normally or not. */
    public static void runExit(Object self) {
        try {
            check();
            if (!(self instanceof Thread)) {
                WeakRegistry.Entry e = WORKERS.find(self);
                if (e != null) {
                    e.unbindThread(Thread.currentThread().getId());
                }
            }
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** An executor's constructor completed. */
    public static void executor(Object self) {
        try {
            check();
            EXECUTORS.register(self, 0);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /**
     * A server's own pool class (Tomcat's, Jetty's, Netty's group, JBoss Threads') finished a
     * constructor; woven directly, as these load in application loaders. If-absent: an old Tomcat pool that
     * extends the JDK's ThreadPoolExecutor registered already through the JDK's constructor.
     */
    public static void created(Object self) {
        try {
            check();
            EXECUTORS.registerIfAbsent(self, 0);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** A server pool's worker loop starts ({@code runWorker}): as {@link #executorWorker}. */
    public static void workerStarted(Object self) {
        executorWorker(self);
    }

    /** A worker thread of an executor starts its loop: remember the first such thread's name. */
    public static void executorWorker(Object self) {
        try {
            check();
            WeakRegistry.Entry e = EXECUTORS.find(self);
            if (e != null && e.label() == null) {
                e.labelIfAbsent(Thread.currentThread().getName());
            }
        } catch (Throwable t) {
            failed(t);
        }
    }

    private static boolean faultRequested() {
        try {
            return "hook".equals(System.getProperty("telemetry-poller.test.fault"));
        } catch (Throwable t) {
            return false; // a security manager may refuse
        }
    }

    private static void check() {
        if (fault) {
            throw FAULT;
        }
    }

    private static void failed(Throwable t) {
        try {
            failures++;
            if (firstFailure == null) {
                firstFailure = t;
            }
        } catch (Throwable ignored) {
            // nothing may leave a hook
        }
    }
}
