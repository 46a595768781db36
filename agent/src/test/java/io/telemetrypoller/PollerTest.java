package io.telemetrypoller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollerTest {
    private static final List<String> TICK = Arrays.asList("test", "tick");
    private static final List<String> FAILURE = Arrays.asList("telemetry_poller", "measurement", "failure");

    @AfterEach
    void detachAll() {
        for (HandlerInfo h : Telemetry.listHandlers(Collections.<String>emptyList())) {
            Telemetry.detach(h.id());
        }
    }

    /** A measurement that emits [test, tick] with a running count. */
    static final class Ticker implements Measurement {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public String name() {
            return "ticker";
        }

        @Override
        public void measure() {
            thread.set(Thread.currentThread());
            Telemetry.execute(TICK, Collections.singletonMap("n", calls.incrementAndGet()),
                    Collections.emptyMap());
        }
    }

    /** Public static methods for the mfa tests. */
    public static final class Stats {
        static final AtomicInteger DISPATCHED = new AtomicInteger();

        public static void dispatch() {
            DISPATCHED.incrementAndGet();
        }

        public static void withArgs(String name, long n) {
            Telemetry.execute(Arrays.asList("test", "mfa"), Collections.singletonMap("n", n),
                    Collections.singletonMap("name", name));
        }

        public static void fail() {
            throw new IllegalStateException("broken stats");
        }

        static void hidden() {
        }
    }

    @Test
    void pollsAtStartThenEveryPeriodOnANamedDaemonThread() throws Exception {
        EventRecorder r = new EventRecorder();
        Telemetry.attach("ticks", TICK, r, null);
        Ticker ticker = new Ticker();
        try (Poller poller = Poller.builder().name("unit").period(20).measurement(ticker).start()) {
            assertEquals(3, r.await(e -> true, 3, 10).size());
            Thread t = ticker.thread.get();
            assertEquals("telemetry-poller-unit", t.getName());
            assertTrue(t.isDaemon());
            assertTrue(poller.pollCount() >= 2, "the third poll may still be running"); // counted once it completes
            assertEquals(Collections.singletonList("ticker"), poller.listMeasurements());
            assertEquals(20, poller.periodMillis());
        }
        int after = ticker.calls.get();
        Thread.sleep(100);
        assertEquals(after, ticker.calls.get(), "no poll after close");
        assertFalse(ticker.thread.get().isAlive());
    }

    @Test
    void failingMeasurementIsRemovedAndAnnouncedOnceWhileOthersGoOn() throws Exception {
        EventRecorder failures = new EventRecorder();
        EventRecorder ticks = new EventRecorder();
        Telemetry.attach("failures", FAILURE, failures, null);
        Telemetry.attach("ticks", TICK, ticks, null);
        Measurement broken = new Measurement() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void measure() {
                throw new ArithmeticException("divide by zero");
            }
        };
        try (Poller poller = Poller.builder().name("p1").period(10).measurement(broken)
                .measurement(new Ticker()).start()) {
            ticks.await(e -> true, 5, 10);
            assertEquals(Collections.singletonList("ticker"), poller.listMeasurements());
            assertEquals(Collections.singletonList("broken: java.lang.ArithmeticException: divide by zero"),
                    poller.failedMeasurements());
        }
        assertEquals(1, failures.events().size());
        Map<String, Object> meta = failures.events().get(0).metadata;
        assertEquals("p1", meta.get("poller"));
        assertEquals("broken", meta.get("measurement"));
        assertEquals("java.lang.ArithmeticException: divide by zero", meta.get("reason"));
    }

    @Test
    void aHungMeasurementIsAbandonedAndThePollerGoesOnFromAFreshThread() throws Exception {
        EventRecorder failures = new EventRecorder();
        EventRecorder ticks = new EventRecorder();
        Telemetry.attach("failures", FAILURE, failures, null);
        Telemetry.attach("ticks", TICK, ticks, null);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Thread> stuckThread = new AtomicReference<>();
        Measurement hung = new Measurement() {
            @Override
            public String name() {
                return "hung";
            }

            @Override
            public void measure() {
                stuckThread.set(Thread.currentThread());
                while (true) {
                    try {
                        never.await(); // ignores interrupts, like a stuck native call
                        return;
                    } catch (InterruptedException ignored) {
                        // keep hanging
                    }
                }
            }
        };
        Ticker ticker = new Ticker();
        try (Poller poller = Poller.builder().name("stall").period(50).measurementTimeout(300)
                .measurement(ticker).measurement(hung).start()) {
            List<EventRecorder.Event> f = failures.await(e -> true, 1, 10);
            assertEquals("hung", f.get(0).metadata.get("measurement"));
            assertEquals("java.util.concurrent.TimeoutException: no result after 300 ms; its thread was abandoned",
                    f.get(0).metadata.get("reason"));
            int before = ticker.calls.get();
            ticks.await(e -> true, before + 3, 10);
            assertTrue(ticker.calls.get() >= before + 3, "polls go on");
            assertEquals("telemetry-poller-stall-abandoned", stuckThread.get().getName());
            assertEquals("telemetry-poller-stall", ticker.thread.get().getName());
            assertEquals(Collections.singletonList("ticker"), poller.listMeasurements());
        } finally {
            never.countDown();
        }
        stuckThread.get().join(5000);
        assertFalse(stuckThread.get().isAlive(), "the abandoned thread ends once its call returns");
        assertFalse(ticker.thread.get().isAlive());
    }

    @Test
    void aBlockingHandlerIsDetachedAndTheMeasurementStays() throws Exception {
        EventRecorder failures = new EventRecorder();
        Telemetry.attach("failures", Arrays.asList("telemetry", "handler", "failure"), failures, null);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        Telemetry.attach("slow-handler", TICK, (e, m, md, c) -> {
            if (blocked.incrementAndGet() == 2) {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // the watchdog interrupts: give up
                }
            }
        }, null);
        Ticker ticker = new Ticker();
        try (Poller poller = Poller.builder().name("blocked").period(30).measurementTimeout(300)
                .measurement(ticker).start()) {
            List<EventRecorder.Event> f = failures.await(e -> true, 1, 10);
            assertEquals("slow-handler", f.get(0).metadata.get("handler_id"));
            assertEquals("java.util.concurrent.TimeoutException: blocked the poller blocked for more than 300 ms",
                    f.get(0).metadata.get("reason"));
            int before = ticker.calls.get();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ticker.calls.get() < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(ticker.calls.get() >= before + 3, "the measurement goes on");
            assertEquals(Collections.singletonList("ticker"), poller.listMeasurements());
            assertEquals(Collections.emptyList(), poller.failedMeasurements());
        } finally {
            never.countDown();
        }
    }

    @Test
    void initDelayPostponesTheFirstPoll() throws Exception {
        Ticker ticker = new Ticker();
        try (Poller poller = Poller.builder().name("late").period(10).initDelay(60_000).measurement(ticker).start()) {
            Thread.sleep(100);
            assertEquals(0, ticker.calls.get());
            assertEquals(60_000, poller.initDelayMillis());
        }
    }

    @Test
    void mfaInvokesAPublicStaticMethodEachPoll() throws Exception {
        EventRecorder r = new EventRecorder();
        Telemetry.attach("mfa", Arrays.asList("test", "mfa"), r, null);
        try (Poller poller = Poller.builder().name("mfa").period(10)
                .mfa(Stats.class, "withArgs", "orders", 7).start()) {
            List<EventRecorder.Event> events = r.await(e -> true, 2, 10);
            assertEquals(7L, events.get(0).measurements.get("n"));
            assertEquals("orders", events.get(0).metadata.get("name"));
            assertEquals(Collections.singletonList("mfa:" + Stats.class.getName() + "#withArgs"),
                    poller.listMeasurements());
        }
    }

    @Test
    void failingMfaIsRemoved() throws Exception {
        EventRecorder failures = new EventRecorder();
        Telemetry.attach("failures", FAILURE, failures, null);
        try (Poller poller = Poller.builder().name("mfa-fail").period(10).mfa(Stats.class, "fail").start()) {
            List<EventRecorder.Event> events = failures.await(e -> true, 1, 10);
            assertEquals("java.lang.IllegalStateException: broken stats", events.get(0).metadata.get("reason"));
            assertEquals(Collections.emptyList(), poller.listMeasurements());
        }
    }

    @Test
    void mfaRefusesMethodsThatAreNotPublicStatic() {
        assertThrows(IllegalStateException.class, () -> Poller.builder().mfa(Stats.class, "hidden"));
        assertThrows(IllegalStateException.class, () -> Poller.builder().mfa(Stats.class, "dispatch", "extra"));
    }

    @Test
    void builderValidatesLikeTelemetryPoller() {
        assertEquals("Expected period to be a positive integer",
                assertThrows(IllegalArgumentException.class, () -> Poller.builder().period(0)).getMessage());
        assertEquals("Expected init_delay to be 0 or a positive integer",
                assertThrows(IllegalArgumentException.class, () -> Poller.builder().initDelay(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Poller.builder().measurement("nonsense"));
    }
}
