package io.telemetrypoller;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A port of Erlang's {@code telemetry_poller}: a named daemon thread ({@code telemetry-poller-<name>})
 * that runs its measurements once after {@code initDelay}, then every {@code period}.
 * Usable as a plain library, without the agent:
 *
 * <pre>{@code
 * try (Poller poller = Poller.builder().name("app").period(1000)
 *         .measurement("memory").mfa(Stats.class, "dispatch").start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>A measurement that throws is removed, reported once on stderr and announced with
 * {@code [telemetry_poller, measurement, failure]} (metadata {@code poller}, {@code measurement},
 * {@code reason}); the others go on. So is a measurement that runs past its time budget
 * ({@link Builder#measurementTimeout}, 10 s by default): a watchdog abandons the stuck thread (renamed
 * {@code telemetry-poller-<name>-abandoned} and interrupted) and the poll goes on from a fresh thread,
 * on schedule. If the thread was stuck inside an application handler of an event the measurement
 * emitted, that handler is detached instead ({@code [telemetry, handler, failure]}) and the measurement
 * stays. The schedule is at a fixed rate: a slow poll delays the next one, missed periods are
 * skipped, never run in a burst.
 */
public final class Poller implements AutoCloseable {
    static final List<String> MEASUREMENT_FAILURE = Collections.unmodifiableList(
            Arrays.asList("telemetry_poller", "measurement", "failure"));
    private static final long STOP_WAIT_MS = 2_000;
    public static final long DEFAULT_PERIOD_MS = 5_000;
    private static final String BUILT_INS = "io.telemetrypoller.measurement.BuiltInMeasurements";
    public static final long DEFAULT_MEASUREMENT_TIMEOUT_MS = 10_000;

    private final String name;
    private final long periodMs;
    private final long initDelayMs;
    private final List<Measurement> measurements;
    private final Runnable afterPoll;
    private final long timeoutNanos;
    private volatile PollerThread thread;
    private volatile Measurement current; // the measurement in progress, for the watchdog
    private volatile long currentSince;
    private final Object wakeUp = new Object();
    private final List<String> failed = new CopyOnWriteArrayList<>();

    private volatile boolean running = true;
    private volatile long pollCount;
    private volatile long lastPollNanos;

    private Poller(Builder b) {
        this.name = b.name;
        this.periodMs = b.periodMs;
        this.initDelayMs = b.initDelayMs;
        this.measurements = new CopyOnWriteArrayList<>(b.measurements);
        this.afterPoll = b.afterPoll;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(b.timeoutMs);
        this.thread = new PollerThread(this, threadName(), true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True on a poller's own thread: sinks buffer there and flush once the poll completes. */
    public static boolean isPollerThread() {
        return Thread.currentThread() instanceof PollerThread;
    }

    public String name() {
        return name;
    }

    public long periodMillis() {
        return periodMs;
    }

    public long initDelayMillis() {
        return initDelayMs;
    }

    /** The measurements still running, by name (failed ones are gone). */
    public List<String> listMeasurements() {
        List<String> names = new ArrayList<>(measurements.size());
        for (Measurement m : measurements) {
            names.add(m.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** Measurements removed after they threw, with the reason. */
    public List<String> failedMeasurements() {
        return Collections.unmodifiableList(new ArrayList<>(failed));
    }

    public long pollCount() {
        return pollCount;
    }

    public long measurementTimeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    public long lastPollDurationNanos() {
        return lastPollNanos;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** Stops the thread (after the poll in progress, if any) and closes the measurements. Idempotent. */
    @Override
    public void close() {
        running = false;
        PollerWatchdog.unwatch(this);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        PollerThread t = thread;
        if (Thread.currentThread() != t) {
            try {
                t.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Measurement m : measurements) {
            closeQuietly(m);
        }
    }

    private String threadName() {
        return "telemetry-poller-" + name;
    }

    private void run(PollerThread self, boolean first) {
        try {
            long periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
            long next;
            if (first) {
                if (!pause(TimeUnit.MILLISECONDS.toNanos(initDelayMs))) {
                    return;
                }
                next = System.nanoTime();
            } else {
                next = System.nanoTime() + periodNanos; // a replacement resumes at the next period
                if (!pause(periodNanos)) {
                    return;
                }
            }
            while (running && thread == self) {
                try {
                    if (!poll(self)) {
                        return; // abandoned by the watchdog while stuck in a measurement
                    }
                } catch (VirtualMachineError e) {
                    // the heap is exhausted (by the host, most likely): this poll's bookkeeping failed,
                    // the schedule goes on; reporting would need memory there is none of
                }
                next += periodNanos;
                long now = System.nanoTime();
                if (next - now < 0) {
                    next = now + periodNanos; // fell behind: skip the missed periods
                }
                if (!pause(next - now)) {
                    return;
                }
            }
        } catch (Throwable t) {
            if (thread == self && running) {
                // never expected (each measurement is contained); keep polling from a fresh thread
                try {
                    AgentLog.warnOnce("poller-crash:" + name, "poller " + name + " restarted after: " + t);
                } catch (Throwable ignored) {
                    // out of memory to say it in: restart all the same
                }
                restartAfterCrash(self);
            }
        }
    }

    private void restartAfterCrash(PollerThread crashed) {
        synchronized (this) {
            if (thread != crashed || !running) {
                return;
            }
            thread = new PollerThread(this, threadName(), false);
        }
        try {
            thread.start();
        } catch (Throwable t) {
            AgentLog.warn("poller " + name + " stopped: " + t); // no thread to be had: out of memory
        }
    }

    /** One poll of every measurement, now; false if this thread was abandoned meanwhile. */
    boolean poll(Thread self) {
        long start = System.nanoTime();
        for (Measurement m : measurements) {
            currentSince = System.nanoTime();
            current = m;
            Throwable failure = null;
            try {
                m.measure();
            } catch (Throwable t) {
                failure = t;
            } finally {
                current = null;
            }
            if (thread != self) {
                return false;
            }
            if (failure instanceof VirtualMachineError) {
                // the host ran out of memory (or stack): not this measurement's fault, keep it
                AgentLog.warnOnce("vmerror:" + name, "poller " + name + ": " + failure + " during "
                        + m.name() + "; the measurement stays, this poll goes on without it");
            } else if (failure != null) {
                remove(m, failure);
            }
        }
        lastPollNanos = System.nanoTime() - start;
        pollCount++;
        SelfStats.POLLS.incrementAndGet();
        if (afterPoll != null) {
            try {
                afterPoll.run();
            } catch (Throwable t) {
                AgentLog.warnOnce("afterPoll:" + name, "poller " + name + ": end-of-poll hook failed: " + t);
            }
        }
        return true;
    }

    /** Called by the watchdog: abandons a measurement stuck past its budget, resumes on a new thread. */
    void checkTimeout(long now) {
        Measurement stuck = current;
        if (stuck == null || now - currentSince <= timeoutNanos || !running) {
            return;
        }
        PollerThread old;
        synchronized (this) {
            if (current != stuck || !running) {
                return;
            }
            old = thread;
            thread = new PollerThread(this, threadName(), false);
            current = null;
        }
        old.setName(threadName() + "-abandoned");
        String handler = old.handler;
        if (handler == null) {
            remove(stuck, new java.util.concurrent.TimeoutException(
                    "no result after " + measurementTimeoutMillis() + " ms; its thread was abandoned"));
        } else if (!handler.startsWith("telemetry-poller")) {
            // the measurement is fine: an application handler of its event blocks; Erlang would block too
            Telemetry.detachBlocked(handler, "blocked the poller " + name + " for more than "
                    + measurementTimeoutMillis() + " ms");
        } else {
            AgentLog.warnOnce("blocked-sink:" + name, "poller " + name + ": a sink blocked for more than "
                    + measurementTimeoutMillis() + " ms; the poller goes on from a new thread");
        }
        old.interrupt();
        thread.start();
    }

    private void remove(Measurement m, Throwable t) {
        if (!measurements.remove(m)) {
            return;
        }
        closeQuietly(m);
        String reason = String.valueOf(t);
        failed.add(m.name() + ": " + reason);
        SelfStats.MEASUREMENTS_REMOVED.incrementAndGet();
        AgentLog.warn("measurement " + m.name() + " of poller " + name + " failed and was removed: " + reason);
        Map<String, Object> meta = new HashMap<>(4);
        meta.put("poller", name);
        meta.put("measurement", m.name());
        meta.put("reason", reason);
        Map<String, Number> measured = new HashMap<>(2);
        measured.put("monotonic_time", System.nanoTime());
        Telemetry.execute(MEASUREMENT_FAILURE, measured, meta);
    }

    /** Waits up to {@code nanos}; false once the poller is closed. */
    private boolean pause(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (wakeUp) {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
            }
        }
        return false;
    }

    private static void closeQuietly(Measurement m) {
        try {
            m.close();
        } catch (Throwable ignored) {
            // closing is best effort
        }
    }

    /** Marks the handler running on this thread, if it is a poller's, so the watchdog can blame it. */
    static void enterHandler(String handlerId) {
        Thread t = Thread.currentThread();
        if (t instanceof PollerThread) {
            ((PollerThread) t).handler = handlerId;
        }
    }

    static final class PollerThread extends Thread {
        private final Poller poller;
        private final boolean first;
        volatile String handler; // the handler running now, or null

        PollerThread(Poller poller, String threadName, boolean first) {
            super(threadName);
            this.poller = poller;
            this.first = first;
            setDaemon(true);
        }

        @Override
        public void run() {
            poller.run(this, first);
        }
    }

    /** Builds and starts a {@link Poller}; validation messages follow Erlang's telemetry_poller. */
    public static final class Builder {
        private String name = "default";
        private long periodMs = DEFAULT_PERIOD_MS;
        private long initDelayMs = 0;
        private final List<Measurement> measurements = new ArrayList<>();
        private Runnable afterPoll;
        private long timeoutMs = DEFAULT_MEASUREMENT_TIMEOUT_MS;

        private Builder() {
        }

        public Builder name(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Expected name to be a non-empty string");
            }
            this.name = name;
            return this;
        }

        /** Poll period in milliseconds, positive. */
        public Builder period(long millis) {
            if (millis <= 0) {
                throw new IllegalArgumentException("Expected period to be a positive integer");
            }
            this.periodMs = millis;
            return this;
        }

        /** Delay before the first poll in milliseconds, zero or more. */
        public Builder initDelay(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("Expected init_delay to be 0 or a positive integer");
            }
            this.initDelayMs = millis;
            return this;
        }

        /**
         * A built-in measurement by name: memory, total_run_queue_lengths, system_counts, thread_states, container, safepoints, runtime, gc, cpu, agent.
         * The built-ins sit above this API (they emit through {@link Telemetry}), so they are found by
         * name when asked for; nothing of them loads for a poller that is given its measurements.
         */
        public Builder measurement(String builtInName) {
            return measurement(builtIn(builtInName));
        }

        private static Measurement builtIn(String name) {
            try {
                return (Measurement) Class.forName(BUILT_INS, true, Poller.class.getClassLoader())
                        .getMethod("create", String.class).invoke(null, name);
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException) {
                    // telemetry_poller's words: "Expected measurement to be memory, total_run_queue_lengths, ..."
                    throw new IllegalArgumentException("Expected measurement to be a built-in name or a Measurement: "
                            + cause.getMessage());
                }
                throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the built-in measurements are not on the class path: " + e);
            }
        }

        public Builder measurement(Measurement measurement) {
            if (measurement == null) {
                throw new IllegalArgumentException("Expected a measurement, got null");
            }
            measurements.add(measurement);
            return this;
        }

        public Builder measurements(List<? extends Measurement> list) {
            if (list == null) {
                throw new IllegalArgumentException("Expected measurements to be a list");
            }
            for (Measurement m : list) {
                measurement(m);
            }
            return this;
        }

        /** A public static method called every period (Erlang's {@code {M, F, A}}). */
        public Builder mfa(Class<?> type, String method, Object... args) {
            return measurement(MfaMeasurement.of(type, method, Arrays.asList(args)));
        }

        /** How long one measurement may run before it is abandoned and removed, milliseconds. */
        public Builder measurementTimeout(long millis) {
            if (millis <= 0) {
                throw new IllegalArgumentException("Expected measurement_timeout to be a positive integer");
            }
            this.timeoutMs = millis;
            return this;
        }

        /** Runs after each complete poll, on the poller's thread (the agent flushes its sinks here). */
        public Builder onPollComplete(Runnable hook) {
            this.afterPoll = hook;
            return this;
        }

        /** Starts the poller's thread and returns the running poller; close it to stop. */
        public Poller start() {
            Poller poller = new Poller(this);
            poller.thread.start();
            PollerWatchdog.watch(poller);
            return poller;
        }
    }
}
