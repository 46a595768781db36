package io.telemetrypoller.config;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.internal.AgentLog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent was told, validated and merged (the file first, inline options over it).
 * Immutable; built by {@link ConfigParser}. Defaults are the contract's: one poller {@code default},
 * period 5000 ms, memory + total_run_queue_lengths + system_counts, sink stdout.
 */
public final class AgentConfig {
    public static final int DEFAULT_STATSD_MTU = 512;

    private final String options;
    private final List<PollerConfig> pollers;
    private final List<SinkSpec> sinks;
    private final String statsdFormat;
    private final String otlpTemporality;
    private final String otlpProtocol;
    private final String naming;
    private final Map<String, String> otlpHeaders;
    private final String prefix;
    private final Map<String, String> tags;
    private final int statsdMtu;
    private final List<MetricDefinition> metrics;
    private final List<WorkerSpec> workers;
    private final boolean executors;
    private final AgentLog.Level log;
    private final boolean strict;
    private final long measurementTimeoutMs;

    AgentConfig(Builder b) {
        this.options = b.options;
        this.pollers = Collections.unmodifiableList(new ArrayList<>(b.pollers));
        this.sinks = Collections.unmodifiableList(new ArrayList<>(b.sinks));
        this.statsdFormat = b.statsdFormat;
        this.otlpTemporality = b.otlpTemporality;
        this.otlpProtocol = b.otlpProtocol;
        this.naming = b.naming;
        this.otlpHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.otlpHeaders));
        this.prefix = b.prefix;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        this.statsdMtu = b.statsdMtu;
        this.metrics = Collections.unmodifiableList(new ArrayList<>(b.metrics));
        this.workers = Collections.unmodifiableList(new ArrayList<>(b.workers));
        this.executors = b.executors;
        this.log = b.log;
        this.strict = b.strict;
        this.measurementTimeoutMs = b.measurementTimeoutMs;
    }

    /** The inline options string as given (for status and the start-up line). */
    public String options() { return options; }

    /** The pollers to start (without the default one when {@code default=false}). */
    public List<PollerConfig> pollers() { return pollers; }

    /** Whether some poller runs the named built-in measurement. */
    public boolean measures(String builtIn) {
        for (PollerConfig p : pollers) {
            for (MeasurementSpec m : p.running()) {
                if (m.kind() == MeasurementSpec.Kind.BUILT_IN && m.name().equals(builtIn)) {
                    return true;
                }
            }
        }
        return false;
    }

    public List<SinkSpec> sinks() { return sinks; }

    /** {@code standard} or {@code datadog}. */
    public String statsdFormat() { return statsdFormat; }

    /** {@code cumulative} or {@code delta} as the option says, or null: the OTLP sink then reads the environment. */
    public String otlpTemporality() { return otlpTemporality; }
    /** http/protobuf or http/json, or null: the environment's, else http/protobuf. */
    public String otlpProtocol() { return otlpProtocol; }

    /** The config file's {@code otlp_headers} (never an inline option: options are shown in status and ps). */
    public Map<String, String> otlpHeaders() { return otlpHeaders; }

    /** {@code default} (the agent's own names) or {@code otel} (the OpenTelemetry JVM conventions, OTLP sink). */
    public String naming() { return naming; }

    /** Prefix of StatsD names, or null. */
    public String prefix() { return prefix; }

    /** Global tags, in the order given. */
    public Map<String, String> tags() { return tags; }

    public int statsdMtu() { return statsdMtu; }

    /** The metric definitions of the config file's {@code metrics}, parsed once; empty when none. */
    public List<MetricDefinition> metrics() { return metrics; }

    public List<WorkerSpec> workers() { return workers; }

    public boolean executors() { return executors; }

    public AgentLog.Level log() { return log; }

    public boolean strict() { return strict; }

    /** How long one measurement may run before its poller abandons and removes it. */
    public long measurementTimeoutMs() { return measurementTimeoutMs; }

    /** Mutable draft filled by the parser; {@link ConfigParser} validates every value as it sets it. */
    static final class Builder {
        String options = "";
        List<PollerConfig> pollers = new ArrayList<>();
        List<SinkSpec> sinks = new ArrayList<>();
        String statsdFormat = "standard";
        String otlpTemporality;
        String otlpProtocol;
        String naming = "default";
        Map<String, String> otlpHeaders = new LinkedHashMap<>();
        String prefix;
        Map<String, String> tags = new LinkedHashMap<>();
        int statsdMtu = DEFAULT_STATSD_MTU;
        List<MetricDefinition> metrics = new ArrayList<>();
        List<WorkerSpec> workers = new ArrayList<>();
        boolean executors;
        AgentLog.Level log = AgentLog.Level.INFO;
        boolean strict;
        long measurementTimeoutMs = io.telemetrypoller.Poller.DEFAULT_MEASUREMENT_TIMEOUT_MS;

        AgentConfig build() {
            return new AgentConfig(this);
        }
    }
}
