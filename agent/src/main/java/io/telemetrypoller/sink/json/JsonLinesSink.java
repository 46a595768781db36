package io.telemetrypoller.sink.json;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.Sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code stdout}, {@code stderr} and {@code file:PATH} sinks: one JSON object per event per line
 * (format in {@link JsonLineEncoder}), appended, flushed after each poll and at JVM shutdown.
 */
public final class JsonLinesSink implements Sink {
    private final String description;
    private final LineOutput output;
    private final JsonLineEncoder encoder = new JsonLineEncoder(); // guarded by itself

    public JsonLinesSink(String description, LineOutput output) {
        this.description = description;
        this.output = output;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata)
            throws IOException {
        synchronized (encoder) {
            encoder.encode(System.currentTimeMillis(), event, measurements, metadata);
            output.add(encoder.bytes(), encoder.length());
        }
    }

    @Override
    public void flush() throws IOException {
        output.flush();
    }

    @Override
    public long sent() {
        return output.written();
    }

    @Override
    public long dropped() {
        return output.dropped();
    }

    @Override
    public void close() throws IOException {
        output.close();
    }

    public LineOutput output() {
        return output;
    }
}
