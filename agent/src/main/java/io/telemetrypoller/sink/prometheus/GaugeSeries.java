package io.telemetrypoller.sink.prometheus;

/** A last value: {@code vm_memory_total_bytes 4.9670008E7}. */
final class GaugeSeries extends Series {
    private volatile double value;

    GaugeSeries(String labels) {
        super(labels);
    }

    @Override
    void update(double v) {
        value = v;
    }

    @Override
    void render(StringBuilder out, String family) {
        appendName(out, family);
        out.append(' ');
        TextFormat.appendValue(out, value);
        out.append('\n');
    }
}
