package io.telemetrypoller;

/** The body of a {@link Telemetry#span}: returns its result, may throw. */
@FunctionalInterface
public interface SpanFunction<T> {
    T call() throws Exception;
}
