package io.telemetrypoller.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What {@code executors=true} costs a task submitted to a ThreadPoolExecutor, and an executor's life
 * (its constructor and its first worker thread are hooked): a plain harness, as {@link WorkerHookCost},
 * run without the agent and with {@code executors=true}, the two outputs compared:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.telemetrypoller.bench.ExecutorHookCost
 * java -javaagent:agent/target/telemetry-poller.jar=default=false,log=quiet,executors=true \
 *      -cp benchmarks/target/benchmarks.jar io.telemetrypoller.bench.ExecutorHookCost
 * </pre>
 *
 * Per task: best of 8 rounds (after 4 unmeasured) of 200,000 tasks executed on a 2-thread pool and
 * awaited. Per executor: best of 8 rounds of 500 pools each created, given one task (so one worker
 * thread starts), awaited and shut down.
 */
public final class ExecutorHookCost {
    private ExecutorHookCost() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor pool = newPool(2);
        double task = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            int n = 200_000;
            CountDownLatch done = new CountDownLatch(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pool.execute(done::countDown);
            }
            done.await();
            if (round >= 4) {
                task = Math.min(task, (System.nanoTime() - t0) / (double) n);
            }
        }
        pool.shutdown();
        double executor = Double.MAX_VALUE;
        for (int round = 0; round < 12; round++) {
            int n = 500;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ExecutorService e = newPool(1);
                CountDownLatch done = new CountDownLatch(1);
                e.execute(done::countDown);
                done.await();
                e.shutdown();
                e.awaitTermination(10, TimeUnit.SECONDS);
            }
            if (round >= 4) {
                executor = Math.min(executor, (System.nanoTime() - t0) / (double) n);
            }
        }
        System.out.printf("task %.1f ns, executor (created, one task, shut down) %.1f us%n", task, executor / 1000);
    }

    private static ThreadPoolExecutor newPool(int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }
}
