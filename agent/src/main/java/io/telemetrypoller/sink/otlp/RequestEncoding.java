package io.telemetrypoller.sink.otlp;

import java.util.List;

/** One of OTLP/HTTP's two encodings of an export request and of the collector's answer. */
interface RequestEncoding {
    /** The request's Content-Type. */
    String contentType();

    byte[] encode(List<MetricSnapshot> metrics, boolean delta);

    /** The answer's {@code partial_success.rejected_data_points}: 0 when none or when the body is not OTLP. */
    long rejectedPoints(byte[] answer);

    static RequestEncoding of(boolean json, java.util.Map<String, String> resource, String scopeVersion) {
        return json ? new MetricsJsonEncoder(resource, scopeVersion) : new MetricsRequestEncoder(resource, scopeVersion);
    }
}
