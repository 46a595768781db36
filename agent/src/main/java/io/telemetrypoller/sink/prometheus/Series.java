package io.telemetrypoller.sink.prometheus;

/**
 * One time series of a family: its label set, rendered once when it is created, and its live value.
 * Thread rules: {@link #update} from any thread without locks; {@link #render} reads what is there.
 */
abstract class Series {
    /** {@code pool="G1 Eden Space",type="heap"}, or empty. */
    final String labels;

    Series(String labels) {
        this.labels = labels;
    }

    /** A new value in the exposed (base) unit. */
    abstract void update(double value);

    /** Appends this series' sample lines. */
    abstract void render(StringBuilder out, String family);

    /** {@code name{labels}} or {@code name}. */
    final void appendName(StringBuilder out, String name) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
    }
}
