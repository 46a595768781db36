package io.telemetrypoller.config;

/** A class whose instances are tracked as workers: its queue field and optional name field or method. */
public final class WorkerSpec {
    private final String className;
    private final String queue;
    private final String name;

    public WorkerSpec(String className, String queue, String name) {
        this.className = className;
        this.queue = queue;
        this.name = name;
    }

    public String className() { return className; }

    /** The queue field, or null to find the single Queue/Collection/Map field. */
    public String queue() { return queue; }

    /** The field or no-arg method naming an instance, or null. */
    public String name() { return name; }

    @Override
    public String toString() {
        return className;
    }
}
