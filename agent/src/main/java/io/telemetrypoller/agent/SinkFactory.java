package io.telemetrypoller.agent;

import io.telemetrypoller.sink.LineOutput;
import io.telemetrypoller.sink.Sink;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.sink.console.ConsoleSink;
import io.telemetrypoller.sink.json.JsonLinesSink;

/** Creates the sink a {@link SinkSpec} names. Sinks open their files lazily, on the first flush. */
public final class SinkFactory {
    private SinkFactory() {
    }

    public static Sink create(SinkSpec spec, AgentConfig config) throws Exception {
        switch (spec.kind()) {
            case STDOUT:
                return new JsonLinesSink(spec.text(), new LineOutput(LineOutput.stdout()));
            case STDERR:
                return new JsonLinesSink(spec.text(), new LineOutput(LineOutput.stderr()));
            case FILE:
                return new JsonLinesSink(spec.text(), LineOutput.forFile(spec.path()));
            case CONSOLE:
                return new ConsoleSink(new LineOutput(LineOutput.stdout()));
            case STATSD:
                return io.telemetrypoller.sink.statsd.StatsdSink.create(spec, config);
            case PROMETHEUS:
                return io.telemetrypoller.sink.prometheus.PrometheusSink.create(spec, config);
            default:
                throw new IllegalStateException("unknown sink " + spec);
        }
    }
}
