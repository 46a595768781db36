package io.telemetrypoller.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/** Live daemon threads parked until {@link #stop}: the thread counts the benchmarks measure at (state S, like idle pools). */
final class ParkedThreads {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /** Starts {@code count} threads named {@code bench-parked-N} and returns once all run. */
    static ParkedThreads start(int count) throws InterruptedException {
        ParkedThreads p = new ParkedThreads();
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (!p.stopping) {
                    LockSupport.park(p);
                }
            }, "bench-parked-" + i);
            t.setDaemon(true);
            t.start();
            p.threads.add(t);
        }
        started.await();
        return p;
    }

    /** Ends them all (each given a second). */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join(1000);
        }
        threads.clear();
    }
}
