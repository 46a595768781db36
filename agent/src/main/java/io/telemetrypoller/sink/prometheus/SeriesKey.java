package io.telemetrypoller.sink.prometheus;

import java.util.Arrays;

/**
 * Finds a family's series by its tag keys and values (keys vary per event only for the zero-config
 * metrics). The hash is the sum of each (key, value)'s, so that it does not depend on order: an event's
 * {@link SeriesLookup} computes the same one from the metadata map in place, without sorting or copying.
 */
final class SeriesKey {
    private final String[] keys;
    private final String[] values;
    private final int hash;

    SeriesKey(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += entryHash(keys[i], values[i]);
        }
        this.hash = h;
    }

    static int entryHash(String key, String value) {
        return 31 * key.hashCode() + (value == null ? 0 : value.hashCode());
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
