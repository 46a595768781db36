package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.Tags;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One event's look-up of its series, read from the metadata in place: equal to the {@link SeriesKey}
 * the event would make, with the same hash, but without sorting the zero-config keys or copying keys
 * and values into arrays, so an update of a known series allocates nothing of its own. Used only as
 * the argument of {@code get} (ConcurrentHashMap calls the argument's {@code equals}); what is stored
 * is always a SeriesKey.
 */
final class SeriesLookup implements BiConsumer<String, Object> {
    private final Map<String, ?> metadata;
    private final Map<String, String> globalTags;
    /** A defined metric's tag keys; null for the zero-config metrics, whose keys are the metadata's. */
    private final String[] definedKeys;
    /** Zero-config: how many metadata entries are tags. */
    private int tagCount;
    private int metadataHash;
    private final int hash;

    SeriesLookup(MetricDefinition metric, Map<String, ?> metadata, Map<String, String> globalTags) {
        this.metadata = metadata;
        this.globalTags = globalTags;
        this.definedKeys = metric.metadataAsTags() ? null : metric.tagKeys(metadata);
        this.hash = definedKeys == null ? metadataHash() : tagHash();
    }

    /** True when the event has no tag at all (the family's unlabelled series). */
    boolean unlabelled() {
        return definedKeys == null ? tagCount == 0 : definedKeys.length == 0;
    }

    /** Map.forEach, not entrySet(): a HashMap walks its table without making the entry set. */
    private int metadataHash() {
        metadata.forEach(this);
        return metadataHash;
    }

    /** One metadata entry of {@link #metadataHash}. */
    @Override
    public void accept(String key, Object value) {
        if (Tags.isTag(key, value)) {
            tagCount++;
            metadataHash += SeriesKey.entryHash(key, Tags.text(value));
        }
    }

    private int tagHash() {
        int h = 0;
        for (String key : definedKeys) {
            h += SeriesKey.entryHash(key, Tags.value(key, metadata, globalTags));
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesKey) || o.hashCode() != hash) {
            return false;
        }
        String[] keys = ((SeriesKey) o).keys();
        String[] values = ((SeriesKey) o).values();
        if (definedKeys == null) {
            if (keys.length != tagCount) {
                return false; // with as many entries, every key found below means the same key set
            }
            for (int i = 0; i < keys.length; i++) {
                if (!Tags.isTag(keys[i], metadata.get(keys[i]))) {
                    return false;
                }
            }
        } else if (keys.length != definedKeys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            String value = Tags.value(keys[i], metadata, globalTags);
            if (value == null ? values[i] != null : !value.equals(values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
