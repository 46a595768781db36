package io.telemetrypoller.config;

import io.telemetrypoller.internal.Syntax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * process_info as configured: targets, keys, the inline shorthand, and the measurements the agent adds
 * for {@code workers=} and {@code executors=true} (the rule lives here, with the rest of the config's
 * normalisation, so the running measurements of a poller are read from its {@link PollerConfig}).
 *
 * <p>A target is a fully qualified class name (its instances, tracked by the worker hooks) or
 * {@code thread:NAME} (live threads so named, a trailing {@code *} for a prefix). Thread targets have no
 * queue and no instance, so only {@code cpu_time_ns}, {@code allocated_bytes} and {@code state} apply.
 * The inline shorthand {@code measurements=process_info:TARGET} (also a string item of a JSON
 * {@code measurements} list) means event {@code [vm, process_info]} and every key that applies.
 */
public final class ProcessInfoSpecs {
    /** The event of {@code process_info} measurements the agent adds for {@code workers=}. */
    public static final List<String> WORKER_EVENT = Collections.unmodifiableList(Arrays.asList("vm", "process_info"));
    /** Every process_info key; the shorthand and the implied measurements ask for all of them. */
    public static final List<String> ALL_KEYS = Collections.unmodifiableList(Arrays.asList(
            "message_queue_len", "memory", "cpu_time_ns", "allocated_bytes", "state"));
    /** The internal process_info target of the executor measurement; no user can write it. */
    public static final String EXECUTORS_TARGET = "executor:*";
    public static final List<String> EXECUTOR_EVENT = Collections.unmodifiableList(Arrays.asList("vm", "executor"));
    public static final List<String> EXECUTOR_KEYS = Collections.unmodifiableList(Arrays.asList(
            "queued", "active", "pool_size"));
    static final String SHORTHAND = "process_info:";
    private static final String THREAD = "thread:";
    private static final List<String> THREAD_KEYS = Collections.unmodifiableList(Arrays.asList(
            "cpu_time_ns", "allocated_bytes", "state"));

    private ProcessInfoSpecs() {
    }

    /** A process_info target that names a class (not {@code thread:NAME}, not the executors). */
    public static boolean isClassTarget(String target) {
        return target.indexOf(':') < 0;
    }

    /**
     * What the agent adds to the poller the inline options configure: {@code process_info:CLASS} for
     * each {@code workers=} class that no process_info of any poller names, and the executor measurement
     * when {@code executors=true}.
     */
    static List<MeasurementSpec> implied(List<WorkerSpec> workers, boolean executors, List<PollerConfig> pollers) {
        Set<String> named = new HashSet<>();
        for (PollerConfig p : pollers) {
            for (MeasurementSpec m : p.measurements()) {
                if (m.kind() == MeasurementSpec.Kind.PROCESS_INFO) {
                    named.add(m.name());
                }
            }
        }
        List<MeasurementSpec> out = new ArrayList<>();
        for (WorkerSpec w : workers) {
            if (named.add(w.className())) {
                out.add(MeasurementSpec.processInfo(w.className(), WORKER_EVENT, ALL_KEYS));
            }
        }
        if (executors) {
            out.add(MeasurementSpec.processInfo(EXECUTORS_TARGET, EXECUTOR_EVENT, EXECUTOR_KEYS));
        }
        return out;
    }
    /** {@code process_info:TARGET} (the prefix already checked by the caller): every key that applies. */
    static MeasurementSpec shorthand(String item) throws ConfigException {
        String target = item.substring(SHORTHAND.length());
        if (targetProblem(target) != null) {
            throw new ConfigException("invalid measurements " + ConfigException.show(item)
                    + ": expected process_info:fully.qualified.Class or process_info:thread:NAME");
        }
        return MeasurementSpec.processInfo(target, WORKER_EVENT,
                target.startsWith(THREAD) ? THREAD_KEYS : ALL_KEYS);
    }

    /** Why this target and these (known) keys do not go together, or null. */
    static String problem(String target, List<String> keys) {
        String p = targetProblem(target);
        if (p != null) {
            return p;
        }
        if (target.startsWith(THREAD)) {
            for (String k : keys) {
                if (!THREAD_KEYS.contains(k)) {
                    return "key '" + k + "' does not apply to a thread (expected " + String.join(", ", THREAD_KEYS) + ")";
                }
            }
        }
        return null;
    }

    private static String targetProblem(String target) {
        if (target.startsWith(THREAD)) {
            String name = target.substring(THREAD.length());
            return name.isEmpty() || name.length() > 200 ? "expected thread:NAME with a name of 1 to 200 characters" : null;
        }
        return Syntax.isQualifiedName(target) ? null
                : "name " + ConfigException.show(target) + ": expected a fully qualified class name or thread:NAME";
    }
}
