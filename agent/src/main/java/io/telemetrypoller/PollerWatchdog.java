package io.telemetrypoller;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon thread, {@code telemetry-poller-watchdog}, that looks at the running pollers once a
 * {@link #TICK_MS} and abandons a measurement stuck past its poller's budget. It exists only while
 * some poller runs, so a stopped agent leaves no thread behind.
 */
final class PollerWatchdog implements Runnable {
    static final long TICK_MS = 250;
    private static final Set<Poller> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread; // guarded by PollerWatchdog.class

    private PollerWatchdog() {
    }

    static void watch(Poller poller) {
        WATCHED.add(poller);
        synchronized (PollerWatchdog.class) {
            if (thread == null || !thread.isAlive()) {
                thread = new Thread(new PollerWatchdog(), "telemetry-poller-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    static void unwatch(Poller poller) {
        WATCHED.remove(poller);
        synchronized (PollerWatchdog.class) {
            if (WATCHED.isEmpty() && thread != null) {
                thread.interrupt();
                thread = null;
            }
        }
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(TICK_MS);
                long now = System.nanoTime();
                for (Poller p : WATCHED) {
                    try {
                        p.checkTimeout(now);
                    } catch (Throwable ignored) {
                        // the watchdog must outlive any one poller's trouble
                    }
                }
                synchronized (PollerWatchdog.class) {
                    if (WATCHED.isEmpty() && thread == Thread.currentThread()) {
                        thread = null;
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // stopped: no poller left
        }
    }
}
