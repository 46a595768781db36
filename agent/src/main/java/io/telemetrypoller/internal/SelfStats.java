package io.telemetrypoller.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The agent's own health counters, process-wide. Read by the self-telemetry and the MBeans. */
public final class SelfStats {
    public static final AtomicLong POLLS = new AtomicLong();
    public static final AtomicLong MEASUREMENTS_REMOVED = new AtomicLong();
    public static final AtomicLong HANDLERS_DETACHED = new AtomicLong();
    public static final AtomicLong SINK_FAILURES = new AtomicLong();
    /** Events Telemetry.execute dropped at the API edge (a null or empty name, a null element). */
    public static final AtomicLong EVENTS_REJECTED = new AtomicLong();

    private SelfStats() {
    }
}
