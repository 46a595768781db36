package io.telemetrypoller.bench;

import java.util.ArrayDeque;

/**
 * What the worker hooks cost per constructor and per {@code run()}: a plain harness (JMH cannot weave
 * its own fork's classes with the agent's transformer), run once without the agent and once with
 * {@code workers=} naming its two classes, and the two outputs compared:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.telemetrypoller.bench.WorkerHookCost
 * java -javaagent:agent/target/telemetry-poller.jar=default=false,log=quiet,workers=io.telemetrypoller.bench.WorkerHookCost\$Worker+io.telemetrypoller.bench.WorkerHookCost\$Task \
 *      -cp benchmarks/target/benchmarks.jar io.telemetrypoller.bench.WorkerHookCost
 * </pre>
 *
 * Best of 30 rounds of 10,000 live instances for the constructor (the entries outlive the round, as a
 * worker's would), best of 5 rounds of 2,000,000 calls for {@code run()}.
 */
public final class WorkerHookCost {
    /** A worker with a queue, as the agent expects one. */
    public static final class Worker {
        final ArrayDeque<Object> inbox = new ArrayDeque<>();
    }

    /** A Runnable worker: its run() is hooked to bind it to its thread. */
    public static final class Task implements Runnable {
        int n;

        @Override
        public void run() {
            n++;
        }
    }

    static volatile Object sink;

    private WorkerHookCost() {
    }

    public static void main(String[] args) {
        double constructor = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            Object[] keep = new Object[10_000];
            long t0 = System.nanoTime();
            for (int i = 0; i < keep.length; i++) {
                keep[i] = new Worker();
            }
            if (round >= 10) {
                constructor = Math.min(constructor, (System.nanoTime() - t0) / 10_000.0);
            }
            sink = keep;
            if (round % 10 == 9) {
                sink = null;
                System.gc();
            }
        }
        Task task = new Task();
        double run = Double.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) {
                task.run();
            }
            if (round >= 3) {
                run = Math.min(run, (System.nanoTime() - t0) / 2e6);
            }
        }
        sink = task;
        System.out.printf("constructor %.1f ns, run() %.1f ns%n", constructor, run);
    }
}
