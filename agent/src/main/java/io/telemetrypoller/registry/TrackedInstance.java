package io.telemetrypoller.registry;

/**
 * One live tracked object as a poll sees it: the object (held strongly only for the poll), its index
 * among the objects of its kind (1, 2, ... in creation order), the id of the thread running its
 * {@code run()} (0 if none) and a recorded label (an executor's first worker thread name, or null).
 */
public final class TrackedInstance {
    private final Object instance;
    private final long index;
    private final long threadId;
    private final String label;

    TrackedInstance(Object instance, long index, long threadId, String label) {
        this.instance = instance;
        this.index = index;
        this.threadId = threadId;
        this.label = label;
    }

    public Object instance() {
        return instance;
    }

    public long index() {
        return index;
    }

    public long threadId() {
        return threadId;
    }

    public String label() {
        return label;
    }
}
