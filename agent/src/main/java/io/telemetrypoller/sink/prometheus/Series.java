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

    /**
     * Whether the series is to be removed because its source stopped reporting it: only a last value
     * (its source is a poll that no longer sees the worker, executor or pool); counters, sums and
     * histograms hold totals a scraper's rate() needs, and stay.
     */
    boolean expired(long nowNanos, long expiryNanos, int pollsNow) {
        return false;
    }

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
