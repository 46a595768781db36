package io.telemetrypoller.config;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.instrument.Instrumenter;
import io.telemetrypoller.internal.Syntax;
import io.telemetrypoller.measurement.ProcessInfoMeasurement;
import io.telemetrypoller.measurement.WorkerPoolMeasurement;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * process_info targets, keys and the inline shorthand; builds the measurements.
 *
 * <p>A target is a fully qualified class name (its instances, tracked by the worker hooks) or
 * {@code thread:NAME} (live threads so named, a trailing {@code *} for a prefix). Thread targets have no
 * queue and no instance, so only {@code cpu_time_ns}, {@code allocated_bytes} and {@code state} apply.
 * The inline shorthand {@code measurements=process_info:TARGET} (also a string item of a JSON
 * {@code measurements} list) means event {@code [vm, process_info]} and every key that applies.
 */
final class ProcessInfoFactory {
    static final String SHORTHAND = "process_info:";
    private static final String THREAD = "thread:";
    private static final List<String> THREAD_KEYS = Collections.unmodifiableList(Arrays.asList(
            "cpu_time_ns", "allocated_bytes", "state"));

    private ProcessInfoFactory() {
    }

    static Measurement create(MeasurementSpec spec) {
        if (Instrumenter.EXECUTORS_TARGET.equals(spec.name())) {
            return new WorkerPoolMeasurement();
        }
        return new ProcessInfoMeasurement(spec.name(), spec.event(), spec.keys());
    }

    /** {@code process_info:TARGET} (the prefix already checked by the caller): every key that applies. */
    static MeasurementSpec shorthand(String item) throws ConfigException {
        String target = item.substring(SHORTHAND.length());
        if (targetProblem(target) != null) {
            throw new ConfigException("invalid measurements " + ConfigException.show(item)
                    + ": expected process_info:fully.qualified.Class or process_info:thread:NAME");
        }
        return MeasurementSpec.processInfo(target, Instrumenter.WORKER_EVENT,
                target.startsWith(THREAD) ? THREAD_KEYS : Instrumenter.ALL_KEYS);
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
