package io.telemetrypoller;

/**
 * One thing a {@link Poller} measures each period. It emits its own events through
 * {@link Telemetry#execute}, as an Erlang measurement function calls {@code telemetry:execute/3}.
 * A measurement that throws is removed from its poller, reported once and announced with
 * {@code [telemetry_poller, measurement, failure]}.
 *
 * <p>Thread rules: {@link #measure} is called only from its poller's thread.
 */
public interface Measurement {
    /** The measurement as configured, e.g. {@code memory} or {@code mfa:com.acme.Stats#dispatch}. */
    String name();

    /** Reads the values and emits the events. */
    void measure() throws Exception;

    /** Releases what the measurement holds (listeners, files) when its poller stops or drops it. */
    default void close() {
    }
}
