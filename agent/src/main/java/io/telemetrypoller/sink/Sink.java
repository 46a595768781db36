package io.telemetrypoller.sink;

import java.util.List;
import java.util.Map;

/**
 * Where events go out of the JVM. A sink sees every event emitted through {@code Telemetry.execute}
 * (the {@link SinkSet} attaches once for all sinks) and must not block the emitting thread for long.
 *
 * <p>Thread rules: {@link #accept} may be called from any thread, concurrently; {@link #flush} is called
 * by the sink set after each complete poll, after each event emitted off a poller thread, and at JVM
 * shutdown; {@link #close} once, when the agent stops. Neither may wait for a destination: a sink that
 * writes on a thread of its own says through {@link #awaitIdle} when that thread is done.
 * A sink may throw: the {@link SinkSet} contains it, reports the first failure and counts every one.
 */
public interface Sink {
    /** The sink as configured, e.g. {@code file:/var/log/telemetry.jsonl}. */
    String description();

    void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata)
            throws Exception;

    /** Pushes out what {@link #accept} buffered. */
    default void flush() throws Exception {
    }

    /** A poll of some poller has ended (after {@link #flush}); on that poller's thread. */
    default void pollCompleted() {
    }

    default void close() throws Exception {
    }

    /**
     * Waits, at most until {@code deadlineNanos} ({@link System#nanoTime}), until what {@link #flush}
     * handed on is out and, after {@link #close}, until the sink's own threads have ended. True if so.
     */
    default boolean awaitIdle(long deadlineNanos) {
        return true;
    }

    /** Events (or lines, or datagrams: the sink's unit) handed on so far, for self-telemetry. */
    default long sent() {
        return 0;
    }

    /** Events lost so far (buffer full, failed write, server absent), for self-telemetry. */
    default long dropped() {
        return 0;
    }
}
