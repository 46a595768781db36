package io.telemetrypoller;

/** The body of a {@link Telemetry#spanWithResult}: returns its result with the stop event's metadata and measurements. */
@FunctionalInterface
public interface SpanResultFunction<T> {
    SpanResult<T> call() throws Exception;
}
