package io.telemetrypoller.agent;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.StreamTarget;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.sink.console.ConsoleSink;
import io.telemetrypoller.sink.json.JsonLinesSink;

import java.util.List;

/**
 * Creates the sink a {@link SinkSpec} names. Sinks open their files lazily, on their writer thread.
 * A {@code file:} path that must not be written (a FIFO, a device, a directory: see
 * {@link io.telemetrypoller.sink.FileCheck}) is refused here, so the sink is not started.
 */
public final class SinkFactory {
    /** How long the start waits for a file sink's writer to look at its path (a stat; more only on a hung mount). */
    static final long FILE_CHECK_WAIT_MS = 1000;

    private SinkFactory() {
    }

    public static Sink create(SinkSpec spec, AgentConfig config) throws Exception {
        return create(spec, config, new java.util.ArrayList<String>());
    }

    /**
     * As {@link #create(SinkSpec, AgentConfig)}; a sink created that cannot write now (a file sink whose
     * directory is missing: it tries again at every batch) adds why to {@code openFailures}.
     */
    public static Sink create(SinkSpec spec, AgentConfig config, List<String> openFailures) throws Exception {
        switch (spec.kind()) {
            case STDOUT:
                return new JsonLinesSink(spec.text(), new LineOutput("stdout", StreamTarget.stdout()));
            case STDERR:
                return new JsonLinesSink(spec.text(), new LineOutput("stderr", StreamTarget.stderr()));
            case FILE:
                return new JsonLinesSink(spec.text(), fileOutput(spec.path(), spec.text(), openFailures));
            case CONSOLE:
                return new ConsoleSink(new LineOutput("console", StreamTarget.stdout()));
            case STATSD:
                return io.telemetrypoller.sink.statsd.StatsdSink.create(spec, config);
            case PROMETHEUS:
                return io.telemetrypoller.sink.prometheus.PrometheusSink.create(spec, config);
            case OTLP:
                return io.telemetrypoller.sink.otlp.OtlpSink.create(spec, config);
            default:
                throw new IllegalStateException("unknown sink " + spec);
        }
    }

    private static LineOutput fileOutput(String path, String text, List<String> openFailures) {
        LineOutput output = LineOutput.forFile(path);
        String refusal = output.awaitRefusal(FILE_CHECK_WAIT_MS);
        if (refusal != null) {
            output.close();
            throw new IllegalArgumentException(refusal);
        }
        String openFailure = output.openFailure();
        if (openFailure != null) {
            openFailures.add(text + ": " + openFailure + ", tried again at every batch");
        }
        return output;
    }
}
