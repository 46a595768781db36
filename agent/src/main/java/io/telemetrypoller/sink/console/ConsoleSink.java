package io.telemetrypoller.sink.console;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.internal.IsoTime;

import java.util.List;
import java.util.Map;

/**
 * The {@code console} sink: a human-readable block per event on stdout, in the spirit of
 * Telemetry.Metrics.ConsoleReporter:
 * <pre>
 * [vm.memory] 2026-11-22T13:00:00.123Z
 *   total: 123456
 *   heap_used: 2345
 *   metadata: {}
 * </pre>
 */
public final class ConsoleSink implements Sink {
    private final LineOutput output;

    public ConsoleSink(LineOutput output) {
        this.output = output;
    }

    @Override
    public String description() {
        return "console";
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata)
            throws Exception {
        output.add(format(System.currentTimeMillis(), event, measurements, metadata));
    }

    static String format(long time, List<String> event, Map<String, ? extends Number> measurements,
                         Map<String, ?> metadata) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('[').append(String.join(".", event)).append("] ").append(IsoTime.format(time)).append('\n');
        for (Map.Entry<String, ? extends Number> e : measurements.entrySet()) {
            sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        sb.append("  metadata: ").append(metadata).append('\n');
        return sb.toString();
    }

    @Override
    public void flush() throws Exception {
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
    public void close() throws Exception {
        output.close();
    }
}
