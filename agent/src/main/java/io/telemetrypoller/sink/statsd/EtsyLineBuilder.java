package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code standard} flavour (Etsy StatsD): tag values are folded into the name, in tag order, after
 * the optional prefix. Types as telemetry_metrics_statsd maps them:
 *
 * <pre>
 * counter       vm.gc.pause.count.G1_Young_Generation:1|c
 * sum           app.bytes_sent:+512|g   (a gauge delta; -512|g when negative; 512|c with report_as counter)
 * last_value    vm.memory.total:49670008|g
 * last_value &lt; 0 vm.memory_pool.max.Metaspace:0|g\nvm.memory_pool.max.Metaspace:-1|g
 * summary       vm.gc.pause.duration_ms:12|ms
 * distribution  vm.gc.pause.duration_ms:12|ms
 * sampled       ...:12|ms|@0.5
 * </pre>
 *
 * A negative gauge goes after a {@code 0|g} because StatsD reads {@code -1|g} alone as "subtract 1".
 * Global tags are not folded into names; they only give the value of a metric's tag that the event's
 * metadata lacks. A tag with neither, or with an empty value, adds no segment; an explicit null is {@code nil}.
 */
final class EtsyLineBuilder implements StatsdLineBuilder {
    private final String prefix;
    private final Map<String, String> globalTags;

    EtsyLineBuilder(String prefix, Map<String, String> globalTags) {
        this.prefix = prefix;
        this.globalTags = new LinkedHashMap<>(globalTags);
    }

    @Override
    public boolean append(StringBuilder out, MetricDefinition metric, double value, Map<String, ?> metadata) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        int start = out.length();
        appendName(out, metric, metadata);
        int nameEnd = out.length();
        out.append(':');
        switch (metric.type()) {
            case COUNTER:
                out.append("1|c");
                break;
            case SUM:
                if (metric.reportAsCounter()) {
                    if (value < 0) {
                        out.setLength(start);
                        return false;
                    }
                    StatsdText.appendNumber(out, value);
                    out.append("|c");
                } else {
                    if (value >= 0) {
                        out.append('+');
                    }
                    StatsdText.appendNumber(out, value);
                    out.append("|g");
                }
                break;
            case LAST_VALUE:
                if (value < 0) {
                    out.append("0|g");
                    StatsdText.appendRate(out, metric.samplingRate());
                    String name = out.substring(start, nameEnd); // rare: negative gauges only
                    out.append('\n').append(name).append(':');
                }
                StatsdText.appendNumber(out, value);
                out.append("|g");
                break;
            default: // SUMMARY, DISTRIBUTION: timers
                StatsdText.appendNumber(out, value);
                out.append("|ms");
                break;
        }
        StatsdText.appendRate(out, metric.samplingRate());
        return true;
    }

    private void appendName(StringBuilder out, MetricDefinition metric, Map<String, ?> metadata) {
        if (prefix != null) {
            out.append(prefix).append('.');
        }
        out.append(metric.name());
        for (String key : metric.tagKeys(metadata)) {
            String value = StatsdText.tagValue(key, metadata, globalTags, null);
            if (!value.isEmpty()) { // an empty or missing value leaves no empty segment (as the peer)
                out.append('.');
                StatsdText.appendSafe(out, value);
            }
        }
    }
}
