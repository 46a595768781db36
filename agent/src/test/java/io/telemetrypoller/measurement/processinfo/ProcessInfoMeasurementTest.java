package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.EventRecorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** process_info pieces that need no instrumentation: thread targets, memory sampling, executor names. */
class ProcessInfoMeasurementTest {
    private static final List<String> EVENT = Arrays.asList("test", "process_info");
    private EventRecorder recorder;

    @AfterEach
    void detach() {
        if (recorder != null) {
            recorder.detach();
        }
    }

    /** getObjectSize answers 16 for anything, 100 for a String. */
    private static Instrumentation fakeSizes() {
        return (Instrumentation) Proxy.newProxyInstance(Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getObjectSize")) {
                        return args[0] instanceof String ? 100L : 16L;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void threadTargetsReportEachLiveThreadSoNamedWithoutInstrumentation() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Thread a = new Thread(() -> await(stop), "pi-test-1");
        Thread b = new Thread(() -> await(stop), "pi-test-2");
        a.start();
        b.start();
        try {
            // a started thread is RUNNABLE until it reaches the latch (the CI failure: a loaded machine)
            while (a.getState() != Thread.State.WAITING || b.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
            recorder = EventRecorder.attach(EVENT);
            new ProcessInfoMeasurement("thread:pi-test-1", EVENT, Arrays.asList("cpu_time_ns", "allocated_bytes", "state"))
                    .measure();
            EventRecorder.Event e = recorder.single();
            assertEquals("pi-test-1", e.metadata.get("name"));
            assertEquals("java.lang.Thread", e.metadata.get("class"));
            assertEquals("WAITING", e.metadata.get("state"));
            assertTrue(e.measurements.get("cpu_time_ns").longValue() >= 0);
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean) {
                assertTrue(e.measurements.get("allocated_bytes").longValue() >= 0);
            }
            recorder.clear();
            new ProcessInfoMeasurement("thread:pi-test-*", EVENT, Arrays.asList("state")).measure();
            assertEquals(2, recorder.events().size());
            recorder.clear();
            new ProcessInfoMeasurement("thread:no-such-thread", EVENT, Arrays.asList("state")).measure();
            assertTrue(recorder.events().isEmpty(), "no live thread, no event");
        } finally {
            stop.countDown();
            a.join();
            b.join();
        }
    }

    @Test
    void memoryCountsTheInstanceTheQueueAndEachElement() {
        Instrumentation inst = fakeSizes();
        ArrayDeque<Object> q = new ArrayDeque<>(Arrays.asList("a", "b", 3));
        assertEquals(16 + 16 + 100 + 100 + 16, ProcessInfoMeasurement.memory(inst, new Object(), q));
        assertEquals(16, ProcessInfoMeasurement.memory(inst, new Object(), null));
        Map<String, Object> map = new HashMap<>();
        map.put("k", 1);
        assertEquals(16 + 16 + 100 + 16, ProcessInfoMeasurement.memory(inst, new Object(), map), "keys and values");
    }

    @Test
    void memorySamplesLargeQueuesAndScales() {
        Instrumentation inst = fakeSizes();
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(10_000);
        for (int i = 0; i < 1000; i++) {
            q.add(i < 500 ? "s" : (Object) i); // the first 256 sampled are Strings (100 bytes)
        }
        assertEquals(16 + 16 + 1000 * 100, ProcessInfoMeasurement.memory(inst, new Object(), q),
                "256 measured, scaled by 1000/256");
    }

    @Test
    void executorNamesComeFromTheirFirstWorkerThread() {
        assertEquals("example-pool", ExecutorMeasurement.stripWorkerSuffix("example-pool-1"));
        assertEquals("pool-3", ExecutorMeasurement.stripWorkerSuffix("pool-3-thread-1"));
        assertEquals("ForkJoinPool-1", ExecutorMeasurement.stripWorkerSuffix("ForkJoinPool-1-worker-3"));
        assertEquals("ForkJoinPool.commonPool", ExecutorMeasurement.stripWorkerSuffix("ForkJoinPool.commonPool-worker-1"));
        assertEquals("scheduler", ExecutorMeasurement.stripWorkerSuffix("scheduler"));
        assertEquals("", ExecutorMeasurement.stripWorkerSuffix("42"));
    }

    @Test
    void aScheduledExecutorsBacklogIsItsDueTasksOnly() throws Exception {
        ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            stpe.execute(() -> {
                running.countDown();
                await(release);
            });
            running.await();
            assertEquals(0, ExecutorMeasurement.due(stpe.getQueue()));
            for (int i = 0; i < 2; i++) {
                stpe.schedule(() -> { }, 1, TimeUnit.HOURS);
            }
            assertEquals(0, ExecutorMeasurement.due(stpe.getQueue()), "nothing due: the head is an hour away");
            for (int i = 0; i < 3; i++) {
                stpe.execute(() -> { });
            }
            assertEquals(3, ExecutorMeasurement.due(stpe.getQueue()));
            assertEquals(5, stpe.getQueue().size());
        } finally {
            release.countDown();
            stpe.shutdownNow();
        }
    }

    @Test
    void withoutExecutorsTheBacklogIsAbsent() {
        assertEquals(-1, ExecutorMeasurement.backlog());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
