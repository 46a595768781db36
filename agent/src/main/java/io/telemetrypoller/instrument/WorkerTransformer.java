package io.telemetrypoller.instrument;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.registry.LiveInstances;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;

/**
 * A plain transformer that costs a class load one hash lookup of its internal name, and wakes the weaver
 * ({@link HookWeaver}, and with it ASM) only the first time a configured class appears. Nothing of Byte
 * Buddy or ASM is loaded before that: this class names none of it. The weaving runs on the thread that
 * loads the class (or retransforms it): about 20 ms the first time in a JVM (loading and verifying ASM),
 * well under a millisecond after.
 * Any failure leaves the class unchanged and is reported once.
 */
final class WorkerTransformer implements ClassFileTransformer {
    static final String THREAD_POOL_EXECUTOR = "java/util/concurrent/ThreadPoolExecutor";
    static final String FORK_JOIN_POOL = "java/util/concurrent/ForkJoinPool";
    /** Servers' own pools, hooked like the JDK executors with {@code executors=true} (docs/workers.md). */
    static final String TOMCAT_POOL = "org/apache/tomcat/util/threads/ThreadPoolExecutor";
    static final String JETTY_POOL = "org/eclipse/jetty/util/thread/QueuedThreadPool";
    /** Netty's base of every event-loop group (its children are the loops). */
    static final String NETTY_GROUP = "io/netty/util/concurrent/MultithreadEventExecutorGroup";

    /** JBoss Threads' pool: XNIO's (so Undertow's) and WildFly's. */
    static final String JBOSS_POOL = "org/jboss/threads/EnhancedQueueExecutor";

    static boolean isServerPool(String internalName) {
        return internalName.equals(TOMCAT_POOL) || internalName.equals(JETTY_POOL) || internalName.equals(NETTY_GROUP)
                || internalName.equals(JBOSS_POOL);
    }

    /** A class was woven in this JVM: ASM is loaded, nothing to warm up. */
    static volatile boolean weaverLoaded;

    private final Instrumentation inst;
    private volatile Map<String, Integer> workers = Collections.emptyMap();
    private volatile boolean executors;

    WorkerTransformer(Instrumentation inst) {
        this.inst = inst;
    }

    /** Worker classes by internal name, with their kind; and whether to hook the JDK executors. */
    void configure(Map<String, Integer> workersByInternalName, boolean hookExecutors) {
        this.workers = workersByInternalName;
        this.executors = hookExecutors;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        Integer kind = workers.get(className);
        if (kind != null) {
            return weave(className, kind, classfileBuffer);
        }
        if (executors && loader == null
                && (className.equals(THREAD_POOL_EXECUTOR) || className.equals(FORK_JOIN_POOL))) {
            return weave(className, -1, classfileBuffer);
        }
        if (executors && loader != null && isServerPool(className)) {
            return weave(className, -2, classfileBuffer);
        }
        return null;
    }

    private byte[] weave(String className, int kind, byte[] classfile) {
        try {
            long start = System.nanoTime();
            if (kind == -1 && !RelayInstaller.ensure(inst)) {
                return null;
            }
            // a server pool links to the hooks directly: its loader reaches the agent's, as a worker's does
            byte[] woven = kind == -1 ? HookWeaver.weaveExecutor(classfile, RelayInstaller.owner())
                    : kind == -2 ? HookWeaver.weaveExecutor(classfile, HookWeaver.HOOKS)
                    : HookWeaver.weaveWorker(classfile, kind);
            if (kind == -2) {
                LiveInstances.executorHooksInstalled();
            }
            weaverLoaded = true;
            long micros = (System.nanoTime() - start) / 1000;
            String took = " in " + micros / 1000 + "." + (micros % 1000) / 100 + " ms"; // no double: no FloatingDecimal
            String name = className.replace('/', '.');
            if (kind < 0) {
                AgentLog.debug("instrumented " + name + took);
            } else {
                AgentLog.info("instrumented worker class " + name + took);
            }
            return woven;
        } catch (Throwable t) {
            AgentLog.warnOnce("weave:" + className, "cannot instrument " + className.replace('/', '.')
                    + ", it runs unchanged: " + t);
            return null;
        }
    }
}
