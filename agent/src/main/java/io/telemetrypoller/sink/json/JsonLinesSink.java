package io.telemetrypoller.sink.json;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.LineSink;

import java.util.List;
import java.util.Map;

/**
 * The {@code stdout}, {@code stderr} and {@code file:PATH} sinks: one JSON object per event per line
 * (format in {@link JsonLineEncoder}), appended, flushed after each poll and at JVM shutdown.
 */
public final class JsonLinesSink extends LineSink {
    private final JsonLineEncoder encoder = new JsonLineEncoder(); // guarded by itself

    public JsonLinesSink(String description, LineOutput output) {
        super(description, output);
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        synchronized (encoder) {
            encoder.encode(System.currentTimeMillis(), event, measurements, metadata);
            output().add(encoder.bytes(), encoder.length());
        }
    }
}
