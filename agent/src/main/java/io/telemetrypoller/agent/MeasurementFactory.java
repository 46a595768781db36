package io.telemetrypoller.agent;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.MfaMeasurement;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.config.ProcessInfoSpecs;
import io.telemetrypoller.measurement.AgentHealthMeasurement;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import io.telemetrypoller.measurement.processinfo.ExecutorMeasurement;
import io.telemetrypoller.measurement.processinfo.ProcessInfoMeasurement;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place a configured {@link MeasurementSpec} becomes a running {@link Measurement}, wired to the
 * agent: the run queue gets the executors' backlog, the {@code agent} measurement the running agent's
 * pollers and sinks. Called on the poller's thread ({@link DeferredMeasurement}).
 */
final class MeasurementFactory {
    private static final LongSupplier EXECUTOR_BACKLOG = new LongSupplier() {
        @Override
        public long getAsLong() {
            return ExecutorMeasurement.backlog();
        }
    };
    private static final Supplier<AgentHealthMeasurement.Source> RUNNING_AGENT =
            new Supplier<AgentHealthMeasurement.Source>() {
                @Override
                public AgentHealthMeasurement.Source get() {
                    AgentRuntime runtime = AgentRuntime.current();
                    return runtime == null ? null : runtime.health();
                }
            };

    private MeasurementFactory() {
    }

    static Measurement create(MeasurementSpec spec) {
        switch (spec.kind()) {
            case BUILT_IN:
                return BuiltInMeasurements.create(spec.name(), EXECUTOR_BACKLOG, RUNNING_AGENT);
            case MFA:
                return MfaMeasurement.named(spec.className(), spec.method(), spec.args());
            default:
                return ProcessInfoSpecs.EXECUTORS_TARGET.equals(spec.name()) ? new ExecutorMeasurement()
                        : new ProcessInfoMeasurement(spec.name(), spec.event(), spec.keys());
        }
    }
}
