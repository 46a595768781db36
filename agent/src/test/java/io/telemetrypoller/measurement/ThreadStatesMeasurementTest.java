package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.telemetrypoller.EventRecorder.name;
import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real threads of a group of the test's own, put in each state; the measurement reads that group only. */
class ThreadStatesMeasurementTest {
    private final ThreadGroup group = new ThreadGroup("thread-states-test");
    private final CountDownLatch release = new CountDownLatch(1);
    private final Object monitor = new Object();
    private final List<Thread> started = new ArrayList<>();
    private EventRecorder recorder;

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "thread_states"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        recorder.detach();
        release.countDown();
        for (Thread t : started) {
            t.interrupt();
            t.join(10_000);
        }
    }

    private void start(boolean daemon, Thread.State expected, Runnable body) throws InterruptedException {
        Thread t = new Thread(group, body);
        t.setDaemon(daemon);
        t.start();
        started.add(t);
        await(() -> t.getState() == expected);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "a thread never reached its state");
            Thread.sleep(1);
        }
    }

    private final Runnable waitForRelease = () -> {
        try {
            release.await();
        } catch (InterruptedException e) {
            // the test is over
        }
    };

    @Test
    void eachStateIsCountedAndItsDaemonThreadsToo() throws InterruptedException {
        synchronized (monitor) {
            for (int i = 0; i < 3; i++) {
                start(true, Thread.State.BLOCKED, () -> {
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                });
            }
            start(false, Thread.State.WAITING, waitForRelease);
            start(false, Thread.State.WAITING, waitForRelease);
            for (int i = 0; i < 4; i++) {
                start(i % 2 == 0, Thread.State.TIMED_WAITING, () -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // the test is over
                    }
                });
            }
            new ThreadStatesMeasurement(group).measure();
        }
        EventRecorder.Event e = recorder.single();
        assertEquals(Arrays.asList("runnable", "blocked", "waiting", "timed_waiting", "daemon_runnable",
                "daemon_blocked", "daemon_waiting", "daemon_timed_waiting"), e.keys());
        assertEquals(numbers("runnable", 0L, "blocked", 3L, "waiting", 2L, "timed_waiting", 4L, "daemon_runnable", 0L,
                "daemon_blocked", 3L, "daemon_waiting", 0L, "daemon_timed_waiting", 2L), e.measurements);
    }

    @Test
    void threadsThatEndedAreNotCountedAndTheArrayGrowsPastItsFirstSize() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            start(i < 30, Thread.State.WAITING, waitForRelease);
        }
        Thread done = new Thread(group, () -> { });
        done.start();
        done.join();
        ThreadStatesMeasurement m = new ThreadStatesMeasurement(group);
        m.measure();
        release.countDown();
        for (Thread t : started) {
            t.join(10_000);
        }
        m.measure();
        List<EventRecorder.Event> events = recorder.events();
        assertEquals(2, events.size());
        assertEquals(100L, events.get(0).measurements.get("waiting"));
        assertEquals(30L, events.get(0).measurements.get("daemon_waiting"));
        assertEquals(0L, events.get(1).measurements.get("waiting"));
    }
}
