package io.telemetrypoller.sink.console;

import io.telemetrypoller.internal.IsoTime;
import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.LineSink;

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
public final class ConsoleSink extends LineSink {
    public ConsoleSink(LineOutput output) {
        super("console", output);
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        output().add(format(System.currentTimeMillis(), event, measurements, metadata));
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
}
