package io.telemetrypoller.it.workers.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Uses worker classes and executors the way an application does and prints one line with results that
 * only come out right if every constructor, run() and pool behaved exactly as without the agent:
 * {@code done 10 45 4950 1 caught}. Run with a hook fault injected, it must print the same.
 */
public final class FaultTarget {
    public static final class Pump implements Runnable {
        final ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(16);
        int total;

        @Override
        public void run() {
            Integer v;
            while ((v = queue.poll()) != null) {
                if (v < 0) {
                    throw new IllegalArgumentException("caught");
                }
                total += v;
            }
        }
    }

    public static final class Spinner extends Thread {
        final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        volatile int count;

        @Override
        public void run() {
            for (int i = 0; i < 10; i++) {
                count++;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Spinner spinner = new Spinner();
        spinner.start();
        spinner.join();
        Pump pump = new Pump();
        for (int i = 0; i < 10; i++) {
            pump.queue.add(i);
        }
        Thread t = new Thread(pump);
        t.start();
        t.join();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            final int n = i;
            futures.add(pool.submit(() -> n));
        }
        int sum = 0;
        for (Future<Integer> f : futures) {
            sum += f.get();
        }
        pool.shutdown();
        int fj = ForkJoinPool.commonPool().submit(() -> 1).get();
        Pump failing = new Pump();
        failing.queue.add(-1);
        String caught = "none";
        try {
            failing.run();
        } catch (IllegalArgumentException e) {
            caught = e.getMessage();
        }
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "0")); // let a poll or two run
        System.out.println("done " + spinner.count + " " + pump.total + " " + sum + " " + fj + " " + caught);
    }
}
