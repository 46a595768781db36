package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.config.ProcessInfoSpecs;
import io.telemetrypoller.registry.LiveInstances;
import io.telemetrypoller.registry.TrackedInstance;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executors' backlog, added by the agent to the default poller when {@code executors=true}: one event
 * per live, not terminated {@link ThreadPoolExecutor} (with its subclasses, e.g. the scheduled one) and
 * {@link ForkJoinPool} (the common pool included) created since the agent started.
 *
 * <pre>{@code
 * [vm, executor] {queued=87, active=2, pool_size=2} {name=example-pool, class=java.util.concurrent.ThreadPoolExecutor}
 * [vm, executor] {queued=0, active=0, pool_size=1} {name=ForkJoinPool.commonPool, class=java.util.concurrent.ForkJoinPool}
 * }</pre>
 *
 * <ul>
 *   <li>{@code queued}: tasks waiting for a thread: {@code getQueue().size()}, or for a ForkJoinPool
 *       {@code getQueuedSubmissionCount() + getQueuedTaskCount()}; for a ScheduledThreadPoolExecutor only
 *       the tasks that are due (a periodic task waiting for its next time is not backlog): none if the
 *       queue's head is not due (O(1)), else counted over at most {@value #DUE_SCAN} tasks and scaled;</li>
 *   <li>{@code delayed}, ScheduledThreadPoolExecutor only: the tasks not due yet;</li>
 *   <li>{@code active}: threads running a task ({@code getActiveCount()}, {@code getActiveThreadCount()});</li>
 *   <li>{@code pool_size}: threads in the pool.</li>
 *   <li>servers' own pools (Tomcat, Jetty, Netty's event-loop groups, JBoss Threads', with their own keys): {@link ServerPool}.</li>
 *   <li>metadata {@code name}: the name of the executor's first worker thread without its trailing number
 *       and a {@code -thread}/{@code -worker} suffix ({@code example-pool-1} gives {@code example-pool},
 *       {@code pool-3-thread-1} gives {@code pool-3}), {@code ForkJoinPool.commonPool} for the common pool,
 *       else the class's simple name and the executor's index (until a worker starts); a name another
 *       executor already took in this poll gets {@code #index}. {@code class}: the executor's class.</li>
 * </ul>
 * The virtual-thread scheduler (JDK 21+) is left out: its queue is {@code virtual} in
 * {@code [vm, total_run_queue_lengths]} already. {@code getActiveCount} and {@code getPoolSize} take the
 * executor's main lock briefly, as any monitoring tool does.
 */
public final class ExecutorMeasurement implements Measurement {
    /** Tasks of a scheduled executor's queue examined for {@code queued}; beyond, the count is scaled. */
    static final int DUE_SCAN = 10_000;

    @Override
    public String name() {
        return "process_info:" + ProcessInfoSpecs.EXECUTORS_TARGET;
    }

    @Override
    public void measure() {
        Set<String> names = new HashSet<>();
        for (TrackedInstance ti : LiveInstances.executors()) {
            Object executor = ti.instance();
            Map<String, Number> m = new LinkedHashMap<>();
            if (!read(executor, m)) {
                continue;
            }
            String name = name(executor, ti);
            if (!names.add(name)) {
                name = name + "#" + ti.index();
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", name);
            meta.put("class", executor.getClass().getName());
            Telemetry.execute(ProcessInfoSpecs.EXECUTOR_EVENT, m, meta);
        }
    }

    /**
     * The queued tasks of every tracked executor, for {@code executors} in
     * {@code [vm, total_run_queue_lengths]}; -1 when {@code executors=true} is not set. Cheap: one volatile
     * read when off, one pass over the executors when on.
     */
    public static long backlog() {
        if (!LiveInstances.executorsOn()) {
            return -1;
        }
        long total = 0;
        for (TrackedInstance ti : LiveInstances.executors()) {
            Object executor = ti.instance();
            if (counts(executor)) {
                total += queued(executor);
            }
        }
        return total;
    }

    private static boolean read(Object executor, Map<String, Number> m) {
        if (!counts(executor)) {
            return false;
        }
        ServerPool server = executor instanceof ThreadPoolExecutor || executor instanceof ForkJoinPool
                ? null : ServerPool.of(executor);
        if (server != null) {
            long queued = server.queued(executor);
            long queuedMax = server.queuedMax(executor);
            long active = server.active(executor);
            long size = server.poolSize(executor);
            if (queued < 0 || queuedMax == -1 || active == -1 || size < 0) {
                return false;
            }
            m.put("queued", queued);
            if (queuedMax >= 0) {
                m.put("queued_max", queuedMax);
            }
            if (active >= 0) {
                m.put("active", active);
            }
            m.put("pool_size", size);
        } else if (executor instanceof ThreadPoolExecutor) {
            ThreadPoolExecutor tpe = (ThreadPoolExecutor) executor;
            long queued = queued(tpe);
            m.put("queued", queued);
            m.put("active", tpe.getActiveCount());
            m.put("pool_size", tpe.getPoolSize());
            if (executor instanceof ScheduledThreadPoolExecutor) {
                m.put("delayed", Math.max(0, tpe.getQueue().size() - queued));
            }
        } else {
            ForkJoinPool pool = (ForkJoinPool) executor;
            m.put("queued", queued(pool));
            m.put("active", pool.getActiveThreadCount());
            m.put("pool_size", pool.getPoolSize());
        }
        return true;
    }

    /** Live, not terminated, and not the virtual-thread scheduler. */
    private static boolean counts(Object executor) {
        if (executor instanceof ThreadPoolExecutor) {
            return !((ThreadPoolExecutor) executor).isTerminated();
        }
        if (executor instanceof ForkJoinPool) {
            ForkJoinPool pool = (ForkJoinPool) executor;
            return !pool.isTerminated() && !pool.getFactory().getClass().getName().startsWith("java.lang.VirtualThread");
        }
        ServerPool server = ServerPool.of(executor);
        return server != null && server.live(executor);
    }

    private static long queued(Object executor) {
        if (executor instanceof ScheduledThreadPoolExecutor) {
            return due(((ScheduledThreadPoolExecutor) executor).getQueue());
        }
        if (executor instanceof ThreadPoolExecutor) {
            return ((ThreadPoolExecutor) executor).getQueue().size();
        }
        if (executor instanceof ForkJoinPool) {
            ForkJoinPool pool = (ForkJoinPool) executor;
            return pool.getQueuedSubmissionCount() + pool.getQueuedTaskCount();
        }
        ServerPool server = ServerPool.of(executor);
        return server == null ? 0 : Math.max(0, server.queued(executor));
    }

    /** Tasks of a scheduled executor's queue whose time has come. */
    static long due(BlockingQueue<Runnable> queue) {
        Runnable head = queue.peek();
        if (!(head instanceof Delayed) || ((Delayed) head).getDelay(TimeUnit.NANOSECONDS) > 0) {
            return 0; // the earliest task is not due, so none is
        }
        int size = queue.size();
        long due = 0;
        int seen = 0;
        for (Iterator<Runnable> it = queue.iterator(); it.hasNext() && seen < DUE_SCAN; seen++) {
            Runnable r = it.next();
            if (!(r instanceof Delayed) || ((Delayed) r).getDelay(TimeUnit.NANOSECONDS) <= 0) {
                due++;
            }
        }
        return seen == 0 ? 0 : size > seen ? Math.round((double) due * size / seen) : due;
    }

    static String name(Object executor, TrackedInstance ti) {
        if (executor instanceof ForkJoinPool && executor == ForkJoinPool.commonPool()) {
            return "ForkJoinPool.commonPool";
        }
        ServerPool server = executor instanceof ThreadPoolExecutor ? null : ServerPool.of(executor);
        String own = server == null ? null : server.name(executor);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        String label = ti.label() != null ? ti.label() : server == null ? null : server.threadName(executor);
        if (label != null) {
            String base = stripWorkerSuffix(label);
            if (!base.isEmpty()) {
                return base;
            }
        }
        return executor.getClass().getSimpleName() + "-" + ti.index();
    }

    /** {@code example-pool-1} to {@code example-pool}, {@code pool-3-thread-1} to {@code pool-3}. */
    static String stripWorkerSuffix(String threadName) {
        int end = threadName.length();
        while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
            end--;
        }
        if (end < threadName.length() && end > 0 && "-_.# ".indexOf(threadName.charAt(end - 1)) >= 0) {
            end--;
        }
        String base = threadName.substring(0, end);
        for (String suffix : new String[] {"-worker", "-thread", "_worker", "_thread"}) {
            if (base.endsWith(suffix) && base.length() > suffix.length()) {
                return base.substring(0, base.length() - suffix.length());
            }
        }
        return base;
    }
}
