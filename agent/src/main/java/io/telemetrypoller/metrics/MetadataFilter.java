package io.telemetrypoller.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code keep}/{@code drop} of a config file: true when every listed metadata key holds one of its
 * listed values, compared as text ({@code {"type": ["heap"], "pool": ["G1 Eden Space", "G1 Old Gen"]}}).
 * A key absent from the metadata (or null there) matches nothing.
 */
public final class MetadataFilter implements Predicate<Map<String, ?>> {
    private final Map<String, Set<String>> allowed;

    public MetadataFilter(Map<String, ? extends Set<String>> allowed) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Set<String>> e : allowed.entrySet()) {
            copy.put(e.getKey(), Collections.unmodifiableSet(new java.util.LinkedHashSet<>(e.getValue())));
        }
        this.allowed = Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean test(Map<String, ?> metadata) {
        for (Map.Entry<String, Set<String>> e : allowed.entrySet()) {
            Object value = metadata.get(e.getKey());
            if (value == null || !e.getValue().contains(value.toString())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : allowed.entrySet()) {
            parts.add(e.getKey() + " in " + e.getValue());
        }
        return String.join(" and ", parts);
    }
}
