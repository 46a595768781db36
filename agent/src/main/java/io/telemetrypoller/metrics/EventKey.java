package io.telemetrypoller.metrics;

import java.util.List;
import java.util.RandomAccess;

/**
 * An event name as a map key, compared element by element by index: a {@code List}'s own equals walks
 * two iterators, which an event's look-up would allocate on every call. Stored keys hold a copy (the
 * application may reuse and change its list); a look-up wraps the caller's list as it is.
 */
final class EventKey {
    private final List<String> event;
    private final int hash;

    private EventKey(List<String> event) {
        this.event = event;
        this.hash = event.hashCode();
    }

    /** A key to look up with: the caller's list, not copied. */
    static EventKey of(List<String> event) {
        return new EventKey(event);
    }

    /** A key to keep: an unmodifiable copy. */
    static EventKey copyOf(List<String> event) {
        return new EventKey(java.util.Collections.unmodifiableList(new java.util.ArrayList<>(event)));
    }

    List<String> event() {
        return event;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EventKey)) {
            return false;
        }
        List<String> other = ((EventKey) o).event;
        if (hash != ((EventKey) o).hash || other.size() != event.size()) {
            return false;
        }
        if (!(event instanceof RandomAccess) || !(other instanceof RandomAccess)) {
            return event.equals(other);
        }
        for (int i = 0; i < event.size(); i++) {
            String a = event.get(i);
            String b = other.get(i);
            if (a == null ? b != null : !a.equals(b)) {
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
