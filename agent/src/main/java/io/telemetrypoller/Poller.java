package io.telemetrypoller;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import io.telemetrypoller.measurement.MfaMeasurement;

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
 * {@code reason}); the others go on. The schedule is at a fixed rate: a slow poll delays the next one,
 * missed periods are skipped, never run in a burst.
 */
public final class Poller implements AutoCloseable {
    static final List<String> MEASUREMENT_FAILURE = Collections.unmodifiableList(
            Arrays.asList("telemetry_poller", "measurement", "failure"));
    private static final long STOP_WAIT_MS = 2_000;

    private final String name;
    private final long periodMs;
    private final long initDelayMs;
    private final List<Measurement> measurements;
    private final Runnable afterPoll;
    private final PollerThread thread;
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
        this.thread = new PollerThread(this, "telemetry-poller-" + name);
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
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Measurement m : measurements) {
            closeQuietly(m);
        }
    }

    private void run() {
        try {
            if (!pause(TimeUnit.MILLISECONDS.toNanos(initDelayMs))) {
                return;
            }
            long periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
            long next = System.nanoTime();
            while (running) {
                poll();
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
            AgentLog.warn("poller " + name + " stopped: " + t);
        }
    }

    /** One poll of every measurement, now. Package-visible for tests. */
    void poll() {
        long start = System.nanoTime();
        for (Measurement m : measurements) {
            try {
                m.measure();
            } catch (Throwable t) {
                remove(m, t);
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
    }

    private void remove(Measurement m, Throwable t) {
        measurements.remove(m);
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

    private static final class PollerThread extends Thread {
        private final Poller poller;

        PollerThread(Poller poller, String threadName) {
            super(threadName);
            this.poller = poller;
            setDaemon(true);
        }

        @Override
        public void run() {
            poller.run();
        }
    }

    /** Builds and starts a {@link Poller}; validation messages follow Erlang's telemetry_poller. */
    public static final class Builder {
        private String name = "default";
        private long periodMs = 5_000;
        private long initDelayMs = 0;
        private final List<Measurement> measurements = new ArrayList<>();
        private Runnable afterPoll;

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
                throw new IllegalArgumentException("Expected init_delay to be a non-negative integer");
            }
            this.initDelayMs = millis;
            return this;
        }

        /** A built-in measurement by name: memory, total_run_queue_lengths, system_counts, gc, cpu. */
        public Builder measurement(String builtInName) {
            return measurement(BuiltInMeasurements.create(builtInName));
        }

        public Builder measurement(Measurement measurement) {
            if (measurement == null) {
                throw new IllegalArgumentException("Expected a measurement, got null");
            }
            measurements.add(measurement);
            return this;
        }

        public Builder measurements(List<? extends Measurement> list) {
            for (Measurement m : list) {
                measurement(m);
            }
            return this;
        }

        /** A public static method called every period (Erlang's {@code {M, F, A}}). */
        public Builder mfa(Class<?> type, String method, Object... args) {
            return measurement(MfaMeasurement.of(type, method, Arrays.asList(args)));
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
            return poller;
        }
    }
}
