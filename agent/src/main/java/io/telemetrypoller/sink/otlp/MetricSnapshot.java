package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.metrics.MetricDefinition;

import java.util.List;

/** One metric's points of one export. */
final class MetricSnapshot {
    final MetricDefinition metric;
    final OtlpKind kind;
    final List<PointSnapshot> points;

    MetricSnapshot(MetricDefinition metric, OtlpKind kind, List<PointSnapshot> points) {
        this.metric = metric;
        this.kind = kind;
        this.points = points;
    }
}
