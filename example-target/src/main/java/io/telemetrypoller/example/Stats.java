package io.telemetrypoller.example;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Static methods that exist only as targets for the agent's custom measurements; the application
 * never calls them itself.
 */
public final class Stats {
    private static final AtomicLong DISPATCHES = new AtomicLong();

    private Stats() {
    }

    /**
     * A harmless target for {@code mfa=io.telemetrypoller.example.Stats#dispatch}: it only counts
     * its calls. It reports nothing itself (this application does not depend on the agent); it
     * lets a test check that the agent calls a static method of the host on every poll.
     */
    public static void dispatch() {
        DISPATCHES.incrementAndGet();
    }

    /** How many times {@link #dispatch()} ran. */
    public static long dispatches() {
        return DISPATCHES.get();
    }

    /**
     * Always throws: a target for {@code mfa=io.telemetrypoller.example.Stats#fail}, to test that
     * a failing measurement is removed from its poller and reported once.
     *
     * @throws IllegalStateException always, with the message "example failure"
     */
    public static void fail() {
        throw new IllegalStateException("example failure");
    }
}
