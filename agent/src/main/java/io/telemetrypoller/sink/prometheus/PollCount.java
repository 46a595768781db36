package io.telemetrypoller.sink.prometheus;

/** Polls ended, counted for expiring series; written by pollers, read by updates and scrapes. */
final class PollCount {
    private volatile int count;

    /** Pollers only; concurrent pollers may lose an increment, which only delays an expiry. */
    void increment() {
        count++;
    }

    int get() {
        return count;
    }
}
