package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The otlp sink's path for one poll, without its exporter thread, for OtlpExportBenchmark: the poll's
 * events through the zero-config index into the aggregator (what the sink does on the emitting thread),
 * then collect, encode and POST (what its exporter thread does). In the agent's package, in the benchmarks
 * module only, to reach the package-private parts.
 */
public final class OtlpBenchPath {
    /** One event of a poll, as a handler received it. */
    public static final class Event {
        final List<String> event;
        final Map<String, ? extends Number> measurements;
        final Map<String, ?> metadata;

        public Event(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
            this.event = event;
            this.measurements = measurements;
            this.metadata = metadata;
        }
    }

    /** One metric of a collected poll: its name, UCUM unit, and its points' attributes and values. */
    public static final class Metric {
        public final String name;
        public final String unit;
        public final List<String[]> keys = new ArrayList<>();
        public final List<String[]> values = new ArrayList<>();
        public final List<Double> numbers = new ArrayList<>();

        Metric(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }
    }

    private final MetricIndex index = MetricIndex.of(Collections.<MetricDefinition>emptyList());
    private final MetricAggregator aggregator = new MetricAggregator("otlp://bench", Collections.<String, String>emptyMap());
    private final RequestEncoding encoder;
    private final OtlpHttpSender sender;

    public OtlpBenchPath(Map<String, String> resource, URL url, boolean json) {
        encoder = RequestEncoding.of(json, resource, "0.1.0");
        sender = new OtlpHttpSender(url, encoder.contentType(), Collections.<String, String>emptyMap());
    }

    /** Aggregates the poll, collects and encodes it. */
    public byte[] encode(List<Event> poll) {
        for (Event e : poll) {
            index.dispatch(e.event, e.measurements, e.metadata, aggregator);
        }
        return encoder.encode(aggregator.collect(false, EpochNanos.now()), false);
    }

    /** {@link #encode}, then the POST; the HTTP status. */
    public int export(List<Event> poll) throws IOException {
        return sender.post(encode(poll)).status;
    }

    /** The metrics and points one poll gives, for the OpenTelemetry SDK to observe the very same ones. */
    public List<Metric> metrics(List<Event> poll) {
        for (Event e : poll) {
            index.dispatch(e.event, e.measurements, e.metadata, aggregator);
        }
        List<Metric> out = new ArrayList<>();
        for (MetricSnapshot s : aggregator.collect(false, EpochNanos.now())) {
            Metric m = new Metric(s.metric.name(), UcumUnits.of(s.metric.unit(), false));
            for (PointSnapshot p : s.points) {
                m.keys.add(p.attributeKeys);
                m.values.add(p.attributeValues);
                m.numbers.add(p.value);
            }
            out.add(m);
        }
        return out;
    }
}
