package io.telemetrypoller.it.targets;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;

/**
 * Floods the virtual-thread scheduler with CPU-bound virtual threads for the given milliseconds
 * (JDK 21+; reached reflectively because this module compiles for Java 17).
 */
public final class VirtualFlood {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        long until = System.currentTimeMillis() + Long.parseLong(args[0]);
        Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        ExecutorService executor = (ExecutorService) factory.invoke(null);
        for (int i = 0; i < 2000; i++) {
            executor.submit(() -> {
                long x = 0;
                while (System.currentTimeMillis() < until) {
                    x += System.nanoTime() % 7;
                }
                sink = x;
            });
        }
        Thread.sleep(Math.max(0, until - System.currentTimeMillis()));
        executor.shutdownNow();
        System.out.println("host main done");
        System.exit(0);
    }
}
