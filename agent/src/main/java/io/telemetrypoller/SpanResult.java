package io.telemetrypoller;

import java.util.Map;

/**
 * What a {@link Telemetry#spanWithResult} body returns: its result, the stop event's metadata and extra
 * stop measurements. The Java shape of the peer's {@code {Result, StopMetadata}} and
 * {@code {Result, ExtraMeasurements, StopMetadata}}.
 *
 * <pre>{@code
 * String body = Telemetry.spanWithResult(Arrays.asList("http", "request"), startMeta,
 *     () -> SpanResult.of(fetch(), Collections.singletonMap("bytes", 512), Collections.singletonMap("status", 200)));
 * }</pre>
 */
public final class SpanResult<T> {
    private final T result;
    private final Map<String, ? extends Number> extraMeasurements;
    private final Map<String, ?> stopMetadata;

    private SpanResult(T result, Map<String, ? extends Number> extraMeasurements, Map<String, ?> stopMetadata) {
        this.result = result;
        this.extraMeasurements = extraMeasurements;
        this.stopMetadata = stopMetadata;
    }

    /** The peer's {@code {Result, StopMetadata}}; null stop metadata keeps the start metadata. */
    public static <T> SpanResult<T> of(T result, Map<String, ?> stopMetadata) {
        return new SpanResult<>(result, null, stopMetadata);
    }

    /** The peer's {@code {Result, ExtraMeasurements, StopMetadata}}; either map may be null. */
    public static <T> SpanResult<T> of(T result, Map<String, ? extends Number> extraMeasurements,
                                       Map<String, ?> stopMetadata) {
        return new SpanResult<>(result, extraMeasurements, stopMetadata);
    }

    public T result() {
        return result;
    }

    /** Extra stop measurements, or null. */
    public Map<String, ? extends Number> extraMeasurements() {
        return extraMeasurements;
    }

    /** The stop event's metadata, or null for the start metadata. */
    public Map<String, ?> stopMetadata() {
        return stopMetadata;
    }
}
