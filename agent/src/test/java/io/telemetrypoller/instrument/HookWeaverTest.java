package io.telemetrypoller.instrument;

import io.telemetrypoller.registry.LiveInstances;
import io.telemetrypoller.registry.TrackedInstance;

import io.telemetrypoller.instrument.bootstrap.ExecutorRelay;
import io.telemetrypoller.instrument.hook.Hooks;
import io.telemetrypoller.instrument.fixtures.ArgWorker;
import io.telemetrypoller.instrument.fixtures.FakePool;
import io.telemetrypoller.instrument.fixtures.PlainWorker;
import io.telemetrypoller.instrument.fixtures.RunnableWorker;
import io.telemetrypoller.instrument.fixtures.ThreadWorker;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weaves the fixtures, defines them in a child-first loader (the JVM verifies them there, as it does any
 * application class) and checks what the hooks recorded. Each test uses its own kinds, since the hook
 * registries are global.
 */
class HookWeaverTest {
    private static final AtomicInteger KINDS = new AtomicInteger(1000);

    private static Class<?> woven(Class<?> fixture, int kind) throws Exception {
        byte[] bytes = HookWeaver.weaveWorker(WovenLoader.bytesOf(fixture), kind);
        assertNotNull(bytes, "nothing woven in " + fixture);
        return new WovenLoader(HookWeaverTest.class.getClassLoader()).with(fixture.getName(), bytes)
                .loadClass(fixture.getName());
    }

    private static Object construct(Class<?> c, Class<?>[] types, Object... args) throws Exception {
        Constructor<?> k = c.getConstructor(types);
        return k.newInstance(args);
    }

    private static List<Object> instances(int kind) {
        List<Object> out = new ArrayList<>();
        for (TrackedInstance t : LiveInstances.workers(kind)) {
            out.add(t.instance());
        }
        return out;
    }

    @Test
    void everyConstructionRegistersOnceAndDelegatingConstructorsDoNotRegisterAgain() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(PlainWorker.class, kind);
        Object a = construct(c, new Class<?>[] {String.class}, "a");
        Object b = construct(c, new Class<?>[0]);
        Object three = construct(c, new Class<?>[] {int.class}, 3);
        Object zero = construct(c, new Class<?>[] {int.class}, 0);
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> construct(c, new Class<?>[] {int.class}, -1));
        assertEquals("negative", thrown.getCause().getMessage(), "the constructor's own exception, unchanged");
        Object parent = construct(c, new Class<?>[] {boolean.class}, true);

        List<Object> tracked = instances(kind);
        assertEquals(6, tracked.size(), "a, b, three, zero, parent and its sibling; not the one that threw");
        assertTrue(tracked.containsAll(java.util.Arrays.asList(a, b, three, zero, parent)));
        List<TrackedInstance> entries = LiveInstances.workers(kind);
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(i + 1, entries.get(i).index(), "indexes follow creation order");
        }
        assertEquals("sibling-parent", c.getField("id").get(parent));
    }

    @Test
    void superCallsWhoseArgumentsConstructObjectsAreFound() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(ArgWorker.class, kind);
        Object small = construct(c, new Class<?>[] {boolean.class, long.class, double.class}, true, 3L, 0.5);
        Object big = construct(c, new Class<?>[] {boolean.class, long.class, double.class}, false, 30L, 0.5);
        assertEquals(java.util.Arrays.asList(small, big), instances(kind));
    }

    @Test
    void runBindsItsThreadWhileItExecutes() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(RunnableWorker.class, kind);
        Runnable w = (Runnable) construct(c, new Class<?>[0]);
        c.getField("mode").set(w, 3);
        Thread t = new Thread(w, "bound-worker");
        t.start();
        ((CountDownLatch) c.getField("running").get(w)).await();
        assertEquals(t.getId(), LiveInstances.workers(kind).get(0).threadId());
        ((CountDownLatch) c.getField("release").get(w)).countDown();
        t.join();
        assertEquals(0, LiveInstances.workers(kind).get(0).threadId(), "unbound when run() returns");
    }

    @Test
    void anExceptionOutOfRunIsRethrownUnchangedAndUnbinds() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(RunnableWorker.class, kind);
        Runnable w = (Runnable) construct(c, new Class<?>[0]);
        c.getField("mode").set(w, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, w::run);
        assertEquals("run failed", e.getMessage());
        assertEquals(RunnableWorker.class.getName() + ".run",
                e.getStackTrace()[0].getClassName() + "." + e.getStackTrace()[0].getMethodName(),
                "thrown where it was thrown, not by the hook");
        assertEquals(0, LiveInstances.workers(kind).get(0).threadId());
    }

    @Test
    void exceptionsCaughtInsideRunStayThere() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(RunnableWorker.class, kind);
        RunnableWorkerView w = new RunnableWorkerView(construct(c, new Class<?>[0]));
        w.queue().add(-1);
        w.run();
        assertEquals(1, c.getField("handled").get(w.target));
    }

    @Test
    void threadSubclassesRegisterAndKeepTheirRun() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(ThreadWorker.class, kind);
        Thread t = (Thread) construct(c, new Class<?>[] {String.class}, "thread-worker");
        t.start();
        t.join();
        assertSame(t, instances(kind).get(0));
    }

    @Test
    void executorHooksRegisterThePoolAndNameItsFirstWorker() throws Exception {
        ExecutorRelay.target = Hooks.RELAY_TARGET; // what BootstrapJar does once the relay is appended
        byte[] bytes = HookWeaver.weaveExecutor(WovenLoader.bytesOf(FakePool.class), RelayInstaller.COMPILED);
        Class<?> c = new WovenLoader(getClass().getClassLoader()).with(FakePool.class.getName(), bytes)
                .loadClass(FakePool.class.getName());
        Object pool = construct(c, new Class<?>[0]);
        c.getMethod("start", Runnable.class, String.class).invoke(pool, (Runnable) () -> { }, "fake-pool-7");
        c.getMethod("start", Runnable.class, String.class).invoke(pool, (Runnable) () -> { }, "fake-pool-8");
        TrackedInstance found = null;
        LiveInstances.publish(java.util.Collections.<String, io.telemetrypoller.config.WorkerSpec>emptyMap(),
                java.util.Collections.<String, Integer>emptyMap(), true); // what executors=true publishes
        LiveInstances.executorHooksInstalled();
        try {
            for (TrackedInstance t : LiveInstances.executors()) {
                if (t.instance() == pool) {
                    assertNull(found, "registered once though its no-arg constructor delegates");
                    found = t;
                }
            }
        } finally {
            LiveInstances.publish(java.util.Collections.<String, io.telemetrypoller.config.WorkerSpec>emptyMap(),
                    java.util.Collections.<String, Integer>emptyMap(), false);
        }
        assertNotNull(found);
        assertEquals("fake-pool-7", found.label(), "the first worker thread's name");
    }

    @Test
    void failingHooksNeverReachTheHost() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> worker = woven(PlainWorker.class, kind);
        Class<?> runnable = woven(RunnableWorker.class, KINDS.incrementAndGet());
        Field fault = Hooks.class.getDeclaredField("fault");
        fault.setAccessible(true);
        long before = Hooks.failures;
        fault.set(null, true);
        try {
            Object w = construct(worker, new Class<?>[] {int.class}, 2);
            assertEquals(2, ((java.util.Queue<?>) worker.getField("inbox").get(w)).size());
            Runnable r = (Runnable) construct(runnable, new Class<?>[0]);
            r.run();
            runnable.getField("mode").set(r, 2);
            assertEquals("run failed", assertThrows(IllegalStateException.class, r::run).getMessage());
        } finally {
            fault.set(null, false);
        }
        assertTrue(Hooks.failures >= before + 4, "constructors and run() entries/exits swallowed their failures");
        assertTrue(instances(kind).isEmpty());
    }

    @Test
    void hooksThatCannotBeLinkedNeverReachTheHost() throws Exception {
        // A loader that sees only the JDK: every hook call fails with NoClassDefFoundError at its call site.
        WovenLoader isolated = new WovenLoader(null)
                .with(PlainWorker.class.getName(), HookWeaver.weaveWorker(WovenLoader.bytesOf(PlainWorker.class), 1))
                .with(RunnableWorker.class.getName(), HookWeaver.weaveWorker(WovenLoader.bytesOf(RunnableWorker.class), 2));
        Class<?> worker = isolated.loadClass(PlainWorker.class.getName());
        assertThrows(ClassNotFoundException.class, () -> isolated.loadClass(HookWeaver.HOOKS.replace('/', '.')));
        Object w = construct(worker, new Class<?>[] {boolean.class}, true);
        assertEquals("sibling-parent", worker.getField("id").get(w));
        Class<?> runnable = isolated.loadClass(RunnableWorker.class.getName());
        Runnable r = (Runnable) construct(runnable, new Class<?>[0]);
        r.run();
        runnable.getField("mode").set(r, 2);
        assertEquals("run failed", assertThrows(IllegalStateException.class, r::run).getMessage(),
                "the host's exception, not the hook's NoClassDefFoundError");
    }

    @Test
    void classFilesOlderThanJava6HaveNoFramesToWrite() throws Exception {
        int kind = KINDS.incrementAndGet();
        byte[] bytes = WovenLoader.bytesOf(PlainWorker.class);
        bytes[6] = 0;
        bytes[7] = 49; // Java 5: no StackMapTable, the old verifier infers types
        byte[] woven = HookWeaver.weaveWorker(bytes, kind);
        Class<?> c = new WovenLoader(getClass().getClassLoader()).with(PlainWorker.class.getName(), woven)
                .loadClass(PlainWorker.class.getName());
        construct(c, new Class<?>[] {int.class}, 4);
        assertEquals(1, instances(kind).size());
    }

    @Test
    void trackedInstancesAreNotKeptAlive() throws Exception {
        int kind = KINDS.incrementAndGet();
        Class<?> c = woven(PlainWorker.class, kind);
        WeakReference<Object> ref = new WeakReference<>(construct(c, new Class<?>[] {String.class}, "short-lived"));
        Object kept = construct(c, new Class<?>[] {String.class}, "kept");
        assertEquals(2, instances(kind).size());
        for (int i = 0; i < 200 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "collected: the registry holds weak references only");
        assertEquals(java.util.Collections.singletonList(kept), instances(kind));
    }

    @Test
    void interfacesHaveNothingToWeave() {
        assertNull(HookWeaver.weaveWorker(WovenLoader.bytesOf(Runnable.class), 1));
    }

    /** Reaches the woven RunnableWorker (another loader's class) through reflection. */
    private static final class RunnableWorkerView {
        final Object target;

        RunnableWorkerView(Object target) {
            this.target = target;
        }

        @SuppressWarnings("unchecked")
        java.util.Queue<Integer> queue() throws Exception {
            return (java.util.Queue<Integer>) target.getClass().getField("queue").get(target);
        }

        void run() {
            ((Runnable) target).run();
        }
    }
}
