package io.telemetrypoller.it.targets;

/** Spins two threads for the given seconds: a host that wants more CPU than a quota gives. */
public final class BusyLoop {
    static volatile long sink;

    public static void main(String[] args) throws InterruptedException {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        Runnable spin = () -> {
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            sink = x;
        };
        Thread a = new Thread(spin, "spin-a");
        Thread b = new Thread(spin, "spin-b");
        a.start();
        b.start();
        a.join();
        b.join();
    }
}
