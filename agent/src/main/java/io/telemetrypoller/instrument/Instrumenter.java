package io.telemetrypoller.instrument;

import io.telemetrypoller.registry.LiveInstances;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.config.PollerConfig;
import io.telemetrypoller.config.ProcessInfoSpecs;
import io.telemetrypoller.config.WorkerSpec;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Worker and executor instrumentation for the running agent: what {@code workers=}, {@code process_info}
 * and {@code executors=true} ask for. {@link #apply} is called on every start and reconfiguration and
 * changes only what changed (a class already woven stays woven, so reconfiguring costs nothing);
 * {@link #stop} removes every hook: the woven classes are retransformed back to their original bytes.
 *
 * <p>Cost model: at start-up, one transformer that compares class names and, only if a configured class
 * (or, with executors, {@code ThreadPoolExecutor}/{@code ForkJoinPool}) is already loaded, a
 * retransformation of it. Everything else waits until such a class is loaded.
 *
 * <p>What is tracked: each instance of a configured class (and of its subclasses) from the end of its
 * constructor until it is garbage collected (the registry holds weak references only). When the agent
 * arrives by attach, loaded classes are retransformed: instances created from then on are tracked, plus
 * the live threads that are instances of a configured {@code Thread} subclass and the common
 * ForkJoinPool; other instances created before the attach cannot be found (the JVM offers no way to list
 * them without a heap walk).
 *
 * <p>Thread rules: {@link #apply}/{@link #stop} are serialised; the readers may run on any thread.
 */
public final class Instrumenter {
    private static final String THREAD_POOL_EXECUTOR_NAME = "java.util.concurrent.ThreadPoolExecutor";
    private static final String FORK_JOIN_POOL_NAME = "java.util.concurrent.ForkJoinPool";
    private static final List<String> SERVER_POOL_NAMES = Arrays.asList(WorkerTransformer.TOMCAT_POOL.replace('/', '.'),
            WorkerTransformer.JETTY_POOL.replace('/', '.'), WorkerTransformer.NETTY_GROUP.replace('/', '.'),
            WorkerTransformer.JBOSS_POOL.replace('/', '.'));
    private static final Object LOCK = new Object();
    /** Kind (the index given to the hooks) per class name; append-only, so woven constants stay valid. */
    private static final List<String> KINDS = new ArrayList<>();

    private static WorkerTransformer transformer;
    private static Set<String> activeClasses = Collections.emptySet();
    private static boolean activeExecutors;
    /** {@link #applyEarly} installed the transformer without walking the loaded classes: the next apply does. */
    private static boolean walkPending;

    private Instrumenter() {
    }

    /** Instruments what {@code config} asks for (nothing if null); never throws. */
    public static void apply(AgentConfig config) {
        synchronized (LOCK) {
            try {
                long start = System.nanoTime();
                applyLocked(config);
                if (AgentLog.isDebug() && (!activeClasses.isEmpty() || activeExecutors)) {
                    AgentLog.debug("workers " + activeClasses + (activeExecutors ? " and executors" : "")
                            + " applied in " + (System.nanoTime() - start) / 1000 + " us");
                }
            } catch (Throwable t) {
                AgentLog.warn("worker instrumentation failed, the application runs unchanged: " + t);
            }
        }
    }

    /**
     * With worker classes configured and none woven yet, loads the weaver (ASM) and the hooks ahead of the
     * first of them ({@link WeaverWarmUp}), so the host's thread that loads it waits for its weaving alone.
     * Call it from an agent thread. Never throws.
     */
    public static void warmUp() {
        synchronized (LOCK) {
            if (transformer == null || activeClasses.isEmpty() || WorkerTransformer.weaverLoaded) {
                return; // nothing configured, or a class was woven already (executors=true weaves at once)
            }
        }
        long start = System.nanoTime();
        try {
            WeaverWarmUp.run();
            Class.forName(HookWeaver.HOOKS.replace('/', '.'), true, Instrumenter.class.getClassLoader());
            AgentLog.debug("weaver warmed up in " + (System.nanoTime() - start) / 1000 + " us");
        } catch (Throwable t) {
            AgentLog.debug("weaver not warmed up: " + t); // the first worker class pays instead
        }
    }

    /** Removes every hook (the agent stops). */
    public static void stop() {
        apply(null);
    }

    /**
     * What {@code premain} installs before the options are parsed (on the start thread): the transformer
     * for these worker classes and, if asked, the executors, so that none of them loads unwoven meanwhile.
     * {@link #apply} then completes it (queue and name fields, the implied measurements) or, if the
     * options turn out invalid, {@link #stop} undoes it. Never throws.
     */
    public static void applyEarly(List<String> classNames, boolean executors) {
        synchronized (LOCK) {
            try {
                Map<String, WorkerSpec> wanted = new LinkedHashMap<>();
                for (String c : classNames) {
                    wanted.put(c, new WorkerSpec(c, null, null));
                }
                // premain: no application class is loaded yet, so the loaded classes are not walked (about
                // 2 ms); a class an earlier agent loaded is found when the start thread applies the options
                install(wanted, executors, false);
            } catch (Throwable t) {
                AgentLog.warn("worker instrumentation failed, the application runs unchanged: " + t);
            }
        }
    }

    private static void applyLocked(AgentConfig config) {
        Map<String, WorkerSpec> wanted = new LinkedHashMap<>();
        boolean exec = false;
        if (config != null) {
            for (WorkerSpec w : config.workers()) {
                wanted.putIfAbsent(w.className(), w);
            }
            for (String c : processInfoClasses(config)) {
                wanted.putIfAbsent(c, new WorkerSpec(c, null, null));
            }
            exec = config.executors();
        }
        install(wanted, exec, true);
    }

    /** Kinds (the order of first appearance), the transformer, and retransformation of what changed. */
    private static void install(Map<String, WorkerSpec> wanted, boolean exec, boolean lookForLoaded) {
        Map<String, Integer> kindByName = new HashMap<>();
        Map<String, Integer> kindByInternalName = new HashMap<>();
        for (String c : wanted.keySet()) {
            int kind = kind(c);
            kindByName.put(c, kind);
            kindByInternalName.put(c.replace('.', '/'), kind);
        }
        LiveInstances.publish(wanted, kindByName, exec);

        Set<String> classes = new LinkedHashSet<>(wanted.keySet());
        boolean walkAll = lookForLoaded && walkPending; // premain left the walk of loaded classes to now
        if (!walkAll && classes.equals(activeClasses) && exec == activeExecutors) {
            return;
        }
        Instrumentation inst = ClassLocator.instrumentation();
        if (inst == null) {
            if (!classes.isEmpty() || exec) {
                AgentLog.warnOnce("no-instrumentation", "workers and executors need the agent's Instrumentation"
                        + " (-javaagent or attach); they are not tracked");
            }
            return;
        }
        Set<String> added = new HashSet<>(classes);
        if (!walkAll) {
            added.removeAll(activeClasses);
        }
        Set<String> changed = new HashSet<>(added);
        for (String c : activeClasses) {
            if (!classes.contains(c)) {
                changed.add(c);
            }
        }
        boolean executorsAdded = exec && (walkAll || !activeExecutors);
        if (exec != activeExecutors || executorsAdded) {
            changed.add(THREAD_POOL_EXECUTOR_NAME);
            changed.add(FORK_JOIN_POOL_NAME);
            changed.addAll(SERVER_POOL_NAMES);
        }
        if (transformer == null && (!classes.isEmpty() || exec)) {
            transformer = new WorkerTransformer(inst);
            transformer.configure(Collections.unmodifiableMap(kindByInternalName), exec);
            inst.addTransformer(transformer, true);
        } else if (transformer != null) {
            transformer.configure(Collections.unmodifiableMap(kindByInternalName), exec);
        }
        activeClasses = classes;
        activeExecutors = exec;
        if (exec) {
            AgentLog.debug("executor instrumentation on (ThreadPoolExecutor, ForkJoinPool, Tomcat's and Jetty's pools,"
                    + " Netty's event-loop groups, JBoss Threads' pools)");
        }
        if (lookForLoaded) {
            walkPending = false;
            retransformLoaded(inst, changed, added, executorsAdded, kindByName);
        } else {
            walkPending = true;
        }
        if (classes.isEmpty() && !exec && transformer != null) {
            inst.removeTransformer(transformer);
            transformer = null;
        }
    }

    /**
     * Retransforms the loaded classes whose hooks change (the attach case, a reconfiguration, a stop), then
     * finds what already exists: live threads of newly configured Thread subclasses, the common pool.
     */
    private static void retransformLoaded(Instrumentation inst, Set<String> changed, Set<String> added,
                                          boolean executorsAdded, Map<String, Integer> kindByName) {
        if (changed.isEmpty()) {
            return;
        }
        // Naming every loaded class costs about 2 ms at start-up (most names are not cached yet); worker
        // classes are never JDK classes, so unless the executors change, skip the boot and platform ones.
        boolean jdkToo = changed.contains(THREAD_POOL_EXECUTOR_NAME);
        ClassLoader platform = ClassLoader.getSystemClassLoader().getParent();
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            ClassLoader loader = c.getClassLoader();
            if ((jdkToo || (loader != null && loader != platform)) && changed.contains(c.getName())
                    && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (loaded.isEmpty()) {
            return;
        }
        if (!inst.isRetransformClassesSupported()) {
            AgentLog.warnOnce("no-retransform", "this JVM cannot retransform classes: classes loaded before the"
                    + " agent are not instrumented");
            return;
        }
        List<Class<?>> threadWorkers = new ArrayList<>();
        boolean forkJoinLoaded = false;
        for (Class<?> c : loaded) {
            boolean jdk = c.getName().equals(THREAD_POOL_EXECUTOR_NAME) || c.getName().equals(FORK_JOIN_POOL_NAME);
            if (jdk && executorsAdded && !RelayInstaller.ensure(inst)) {
                continue;
            }
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                AgentLog.warnOnce("retransform:" + c.getName(), "cannot instrument the loaded class " + c.getName()
                        + ", it runs unchanged: " + t);
                continue;
            }
            if (added.contains(c.getName()) && Thread.class.isAssignableFrom(c)) {
                threadWorkers.add(c);
            }
            forkJoinLoaded |= c.getName().equals(FORK_JOIN_POOL_NAME);
        }
        if (!threadWorkers.isEmpty()) {
            for (Thread t : liveThreads()) {
                for (Class<?> c : threadWorkers) {
                    if (c.isInstance(t)) {
                        LiveInstances.registerWorkerIfAbsent(t, kindByName.get(c.getName()));
                    }
                }
            }
        }
        if (executorsAdded && forkJoinLoaded) {
            LiveInstances.registerExecutorIfAbsent(java.util.concurrent.ForkJoinPool.commonPool());
        }
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int n = root.enumerate(threads, true);
        return Arrays.copyOf(threads, n);
    }

    private static int kind(String className) {
        int k = KINDS.indexOf(className);
        if (k < 0) {
            KINDS.add(className);
            k = KINDS.size() - 1;
        }
        return k;
    }

    /** Classes named by process_info measurements of any poller (not thread: targets). */
    private static Set<String> processInfoClasses(AgentConfig config) {
        Set<String> out = new LinkedHashSet<>();
        for (PollerConfig p : config.pollers()) {
            for (MeasurementSpec m : p.measurements()) {
                if (m.kind() == MeasurementSpec.Kind.PROCESS_INFO && ProcessInfoSpecs.isClassTarget(m.name())) {
                    out.add(m.name());
                }
            }
        }
        return out;
    }
}
