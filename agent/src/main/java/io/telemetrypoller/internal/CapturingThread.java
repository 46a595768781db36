package io.telemetrypoller.internal;

import java.util.List;
import java.util.Map;

/**
 * A thread whose {@code Telemetry.execute} calls are kept to itself: the events it emits go to
 * {@link #captured} instead of the attached handlers. {@code top} runs its own instances of the
 * measurements on one, so that watching a JVM adds no event to the sinks of an agent already running
 * there (a second gc or run-queue reading would distort their series). The check costs an
 * {@code instanceof} on the current thread per {@code execute}.
 */
public abstract class CapturingThread extends Thread {
    protected CapturingThread(String name) {
        super(name);
    }

    /** An event emitted on this thread, arguments as given to {@code Telemetry.execute}. */
    public abstract void captured(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata);
}
