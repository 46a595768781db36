package io.telemetrypoller;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One daemon thread, {@code telemetry-poller-watchdog}, that looks at the running pollers every half of
 * the smallest budget among them (5 s with the default 10 s; at least {@link #MIN_TICK_MS}) and abandons
 * a measurement stuck past its poller's budget: so within 1.5 times the budget. Not more often: each
 * look wakes a thread, and at one poll a second four looks a second cost a quarter of what the polls do.
 * It exists only while some poller runs, so a stopped agent leaves no thread behind.
 */
final class PollerWatchdog implements Runnable {
    static final long MIN_TICK_MS = 10;
    private static final long STOP_WAIT_MS = 500;
    private static final Set<Poller> WATCHED = ConcurrentHashMap.newKeySet();
    private static Thread thread; // guarded by PollerWatchdog.class

    private PollerWatchdog() {
    }

    static void watch(Poller poller) {
        WATCHED.add(poller);
        synchronized (PollerWatchdog.class) {
            PollerWatchdog.class.notifyAll(); // a smaller budget than the others: look sooner
            if (thread == null || !thread.isAlive()) {
                thread = new Thread(new PollerWatchdog(), "telemetry-poller-watchdog");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /**
     * Stops watching the poller; when it was the last, stops the thread and waits (briefly) for it to end,
     * so that a closed poller leaves no thread of the agent's behind.
     */
    static void unwatch(Poller poller) {
        WATCHED.remove(poller);
        Thread stopping = null;
        synchronized (PollerWatchdog.class) {
            if (WATCHED.isEmpty() && thread != null) {
                stopping = thread;
                stopping.interrupt();
                thread = null;
            }
        }
        if (stopping != null && stopping != Thread.currentThread()) {
            try {
                stopping.join(STOP_WAIT_MS); // it wakes from its wait at once; bounded all the same
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Half the smallest budget of the watched pollers, in milliseconds. */
    static long tickMs() {
        long smallest = Long.MAX_VALUE;
        for (Poller p : WATCHED) {
            smallest = Math.min(smallest, p.measurementTimeoutMillis());
        }
        return smallest == Long.MAX_VALUE ? 1000 : Math.max(MIN_TICK_MS, smallest / 2);
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (PollerWatchdog.class) {
                    PollerWatchdog.class.wait(tickMs());
                }
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
