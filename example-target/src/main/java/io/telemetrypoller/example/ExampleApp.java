package io.telemetrypoller.example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Entry point: {@code java -jar example-target.jar [--seconds N] [--quiet]}.
 *
 * <p>Starts two {@link OrderWorker}s fed in waves by an {@link OrderProducer}, a {@link Mailer},
 * a fixed pool "example-pool-N" that receives batches of small CPU tasks, a parallel stream on
 * the common ForkJoinPool, and some allocation churn, so that every VM measurement moves. Runs
 * until stopped, or for N seconds. Every thread it starts is a daemon, and main stops them all
 * before returning, so the JVM exits promptly.
 */
public final class ExampleApp {
    static final String USAGE = "usage: java -jar example-target.jar [--seconds N] [--quiet]";

    private static final int WORKERS = 2;
    private static final int POOL_BATCH = 100;
    private static final long POOL_TASK_SPIN_MICROS = 5000;
    private static final long POOL_TASK_SLEEP_MS = 45;

    private final boolean quiet;
    private final ReceiptCache receipts = new ReceiptCache();
    private final Mailer mailer = new Mailer();
    private final Thread mailerThread = new Thread(mailer, "mailer");
    private final List<OrderWorker> workers = new ArrayList<OrderWorker>();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0L, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<Runnable>(), new NamedThreadFactory("example-pool"));
    // One thread drives everything periodic; its tasks are short, so they do not delay each other much.
    private final ScheduledThreadPoolExecutor scheduler =
            new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("example-scheduler"));

    private ExampleApp(boolean quiet) {
        this.quiet = quiet;
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(new OrderWorker(i, mailer, receipts));
        }
        mailerThread.setDaemon(true);
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = 0;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else if (arg.equals("--seconds") && i + 1 < args.length) {
                arg = arg + " " + args[++i];
                seconds = parseSeconds(args[i]);
            } else if (arg.startsWith("--seconds=")) {
                seconds = parseSeconds(arg.substring("--seconds=".length()));
            } else {
                seconds = -1;
            }
            if (seconds < 0) {
                System.err.println("example-target: bad argument '" + arg + "'; " + USAGE);
                System.exit(2);
            }
        }
        ExampleApp app = new ExampleApp(quiet);
        app.start();
        if (seconds > 0) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        } else {
            new CountDownLatch(1).await(); // until the JVM is stopped from outside
        }
        app.stop();
        if (!quiet) {
            System.out.println("example-target: stopped after " + seconds + " s");
        }
    }

    /** @return the positive number of seconds, or -1 when {@code value} is not one */
    private static long parseSeconds(String value) {
        try {
            long n = Long.parseLong(value);
            return n > 0 && n <= Integer.MAX_VALUE ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void start() {
        mailerThread.start();
        for (OrderWorker worker : workers) {
            worker.start();
        }
        // Start both pool threads now, so "example-pool-1" and "-2" exist before the first batch.
        pool.prestartAllCoreThreads();
        OrderProducer producer = new OrderProducer(Collections.unmodifiableList(workers));
        scheduler.scheduleAtFixedRate(guard(producer), 0, OrderProducer.TICK_MS, TimeUnit.MILLISECONDS);
        // 7 s is not a multiple of the agent's default 5 s period, so polls see the pool queue at
        // different points of its rise and drain (a batch takes about 2.5 s to drain).
        scheduler.scheduleAtFixedRate(guard(new Runnable() {
            @Override
            public void run() {
                submitBatch();
            }
        }), 1000, 7000, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guard(new Runnable() {
            @Override
            public void run() {
                parallelSum();
            }
        }), 2000, 3000, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guard(new Runnable() {
            @Override
            public void run() {
                churn();
            }
        }), 100, 100, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guard(new Runnable() {
            @Override
            public void run() {
                receipts.clear();
            }
        }), 10000, 10000, TimeUnit.MILLISECONDS);
        if (!quiet) {
            scheduler.scheduleAtFixedRate(guard(new Runnable() {
                @Override
                public void run() {
                    System.out.println(status());
                }
            }), 5000, 5000, TimeUnit.MILLISECONDS);
        }
    }

    private void stop() throws InterruptedException {
        scheduler.shutdownNow();
        pool.shutdownNow();
        mailer.shutdown();
        mailerThread.interrupt();
        for (OrderWorker worker : workers) {
            worker.shutdown();
        }
        // All daemons anyway; waiting briefly only lets in-flight tasks finish tidily.
        scheduler.awaitTermination(1, TimeUnit.SECONDS);
        pool.awaitTermination(1, TimeUnit.SECONDS);
    }

    String status() {
        int ordersQueued = 0;
        long processed = 0;
        for (OrderWorker worker : workers) {
            ordersQueued += worker.queued();
            processed += worker.processed();
        }
        return "example-target: orders queued=" + ordersQueued + " processed=" + processed
                + " pool queued=" + pool.getQueue().size() + " mail queued=" + mailer.queued();
    }

    /** A batch of small CPU tasks at once: the pool queue jumps, then drains at two tasks at a time. */
    private void submitBatch() {
        for (int i = 0; i < POOL_BATCH; i++) {
            pool.execute(new Runnable() {
                @Override
                public void run() {
                    Work.spin(POOL_TASK_SPIN_MICROS);
                    try {
                        Thread.sleep(POOL_TASK_SLEEP_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // pool shutting down
                    }
                }
            });
        }
    }

    /** A parallel stream: gives ForkJoinPool.commonPool() something to run now and then. */
    private static long parallelSum() {
        return LongStream.range(0, 2000000L).parallel()
                .map(x -> (x * 0x9E3779B97F4A7C15L) >>> 40)
                .sum();
    }

    /** About 20 MB/s of garbage that dies at once, so young collections happen every several seconds. */
    private static void churn() {
        for (int i = 0; i < 32; i++) {
            Work.fill(new byte[64 * 1024], i);
        }
    }

    /**
     * A periodic task that throws is silently cancelled by the scheduler; catching here keeps one
     * bad run from stopping that activity for the rest of the application's life.
     */
    private static Runnable guard(final Runnable task) {
        return new Runnable() {
            @Override
            public void run() {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    System.err.println("example-target: " + e);
                }
            }
        };
    }
}
