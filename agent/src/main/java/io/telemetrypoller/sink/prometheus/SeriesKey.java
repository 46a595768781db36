package io.telemetrypoller.sink.prometheus;

import java.util.Arrays;

/** Finds a family's series by its tag keys and values (keys vary per event only for the zero-config metrics). */
final class SeriesKey {
    private final String[] keys;
    private final String[] values;
    private final int hash;

    SeriesKey(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    String[] keys() {
        return keys;
    }

    String[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesKey)) {
            return false;
        }
        SeriesKey k = (SeriesKey) o;
        return hash == k.hash && Arrays.equals(values, k.values) && Arrays.equals(keys, k.keys);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
