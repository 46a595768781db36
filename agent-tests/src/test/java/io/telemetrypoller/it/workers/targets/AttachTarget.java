package io.telemetrypoller.it.workers.targets;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Runs without the agent until one is attached: its worker classes are loaded and in use before.
 * A {@link LoopWorker} thread (started before any attach), a new {@link Job} every 100 ms (the last 3
 * kept), a new "late-pool" ThreadPoolExecutor every 300 ms (the previous one shut down), and a parallel
 * stream (so the common ForkJoinPool exists). Prints {@code ready} once all that runs; stops after 60 s.
 */
public final class AttachTarget {
    public static final class LoopWorker extends Thread {
        final LinkedBlockingQueue<Integer> inbox = new LinkedBlockingQueue<>();

        LoopWorker() {
            super("loop-worker");
            setDaemon(true);
            for (int i = 0; i < 4; i++) {
                inbox.add(i);
            }
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    public static final class Job {
        final Map<String, String> pending = new HashMap<>();
        final String id;

        Job(int n) {
            id = "job-" + n;
            pending.put("a", "b");
        }
    }

    public static void main(String[] args) throws Exception {
        new LoopWorker().start();
        System.out.println("sum " + IntStream.range(0, 100_000).parallel().sum());
        ArrayDeque<Job> jobs = new ArrayDeque<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = null;
        long end = System.currentTimeMillis() + 60_000;
        for (int i = 0; System.currentTimeMillis() < end; i++) {
            jobs.add(new Job(i));
            if (jobs.size() > 3) {
                jobs.poll();
            }
            if (i % 3 == 0) {
                if (pool != null) {
                    pool.shutdown();
                }
                pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "late-pool-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                for (int k = 0; k < 5; k++) {
                    pool.execute(AttachTarget::nap);
                }
            }
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
            Thread.sleep(100);
        }
    }

    private static void nap() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
