package io.telemetrypoller.sink.json;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.Sink;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code stdout}, {@code stderr} and {@code file:PATH} sinks: one JSON object per event per line
 * (format in {@link JsonEventWriter}), appended, flushed after each poll and at JVM shutdown.
 */
public final class JsonLinesSink implements Sink {
    private final String description;
    private final LineOutput output;
    private final CharArrayWriter line = new CharArrayWriter(512);
    private JsonEventWriter writer;

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
        String text;
        synchronized (line) {
            line.reset();
            try {
                if (writer == null) {
                    writer = new JsonEventWriter(line);
                }
                writer.write(System.currentTimeMillis(), event, measurements, metadata);
            } catch (IOException | RuntimeException e) {
                writer = null; // its state is unknown after a failure
                throw e;
            }
            text = line.toString();
        }
        output.add(text);
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
