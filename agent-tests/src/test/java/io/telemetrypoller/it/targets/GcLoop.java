package io.telemetrypoller.it.targets;

/** Calls System.gc() every 20 ms for the given seconds: a host that forces safepoints. */
public final class GcLoop {
    public static void main(String[] args) throws InterruptedException {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        while (System.nanoTime() < end) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
