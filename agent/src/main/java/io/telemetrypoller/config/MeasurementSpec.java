package io.telemetrypoller.config;


import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A measurement as configured, normalised once at start into one shape (as telemetry_poller does):
 * a built-in name, an {@code mfa} (class, public static method, arguments) or a {@code process_info}.
 */
public final class MeasurementSpec {
    public enum Kind { BUILT_IN, MFA, PROCESS_INFO }

    /** The built-in measurements' names, as the options and the config file write them. */
    public static final List<String> BUILT_IN = Collections.unmodifiableList(Arrays.asList(
            "memory", "total_run_queue_lengths", "system_counts", "thread_states", "container", "safepoints", "runtime", "gc", "cpu", "agent"));
    /** What a poller measures when its measurements are not given. */
    public static final List<String> DEFAULTS = Collections.unmodifiableList(Arrays.asList(
            "memory", "total_run_queue_lengths", "system_counts"));

    private final Kind kind;
    private final String name;
    private final String className;
    private final String method;
    private final List<Object> args;
    private final List<String> event;
    private final List<String> keys;

    private MeasurementSpec(Kind kind, String name, String className, String method, List<Object> args,
                            List<String> event, List<String> keys) {
        this.kind = kind;
        this.name = name;
        this.className = className;
        this.method = method;
        this.args = args;
        this.event = event;
        this.keys = keys;
    }

    public static MeasurementSpec builtIn(String name) {
        return new MeasurementSpec(Kind.BUILT_IN, name, null, null, null, null, null);
    }

    public static MeasurementSpec mfa(String className, String method, List<Object> args) {
        return new MeasurementSpec(Kind.MFA, null, className, method,
                Collections.unmodifiableList(args), null, null);
    }

    /** {@code process_info} for instances of a worker class (or {@code thread:NAME}). */
    public static MeasurementSpec processInfo(String target, List<String> event, List<String> keys) {
        return new MeasurementSpec(Kind.PROCESS_INFO, target, null, null, null,
                Collections.unmodifiableList(event), Collections.unmodifiableList(keys));
    }

    public Kind kind() { return kind; }

    /** The built-in name, or the process_info target. */
    public String name() { return name; }

    public String className() { return className; }

    public String method() { return method; }

    public List<Object> args() { return args; }

    public List<String> event() { return event; }

    public List<String> keys() { return keys; }

    /** How status lines and MBeans show it: {@code memory}, {@code mfa:C#m}, {@code process_info:C}. */
    public String describe() {
        switch (kind) {
            case MFA:
                return "mfa:" + className + "#" + method;
            case PROCESS_INFO:
                return "process_info:" + name;
            default:
                return name;
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
