package io.telemetrypoller.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The agent's own health counters, process-wide. Read by the self-telemetry and the MBeans. */
public final class SelfStats {
    public static final AtomicLong POLLS = new AtomicLong();
    public static final AtomicLong MEASUREMENTS_REMOVED = new AtomicLong();
    public static final AtomicLong HANDLERS_DETACHED = new AtomicLong();
    public static final AtomicLong SINK_FAILURES = new AtomicLong();
    /** Events Telemetry.execute did not dispatch: a bad event name, or a handler's loop cut at its depth. */
    public static final AtomicLong EVENTS_REFUSED = new AtomicLong();

    private SelfStats() {
    }
}
