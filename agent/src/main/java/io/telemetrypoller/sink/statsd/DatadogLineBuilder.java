package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code datadog} flavour (DogStatsD): the name stays as defined and the tags follow as
 * {@code |#key:value,...}: the metric's tags in order, then the global tags whose keys the metric does not
 * have (for a key in both, the event's metadata wins). A tag with no value anywhere is {@code key:}, an
 * explicit null {@code key:nil}, a map, collection or array {@code key:_unprocessable} (as
 * telemetry_metrics_statsd). Types as the Datadog agent reads them:
 *
 * <pre>
 * counter       vm.gc.pause.count:1|c|#collector:G1_Young_Generation,env:prod
 * sum           app.bytes_sent:512|c|#env:prod
 * last_value    vm.memory.total:49670008|g|#env:prod
 * summary       vm.gc.pause.duration_ms:12|h|#collector:G1_Young_Generation,env:prod
 * distribution  vm.gc.pause.duration_ms:12|d|#collector:G1_Young_Generation,env:prod
 * sampled       vm.gc.pause.duration_ms:12|d|@0.5|#env:prod
 * </pre>
 */
final class DatadogLineBuilder implements StatsdLineBuilder {
    private final String prefix;
    private final Map<String, String> globalTags;
    private final String[] globalKeys;
    private final String[] globalValues;

    DatadogLineBuilder(String prefix, Map<String, String> globalTags) {
        this.prefix = prefix;
        Map<String, String> copy = new LinkedHashMap<>(globalTags);
        this.globalTags = copy;
        this.globalKeys = copy.keySet().toArray(new String[0]);
        this.globalValues = new String[globalKeys.length];
        for (int i = 0; i < globalKeys.length; i++) {
            globalValues[i] = copy.get(globalKeys[i]);
        }
    }

    @Override
    public boolean append(StringBuilder out, MetricDefinition metric, double value, Map<String, ?> metadata) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        if (prefix != null) {
            out.append(prefix).append('.');
        }
        out.append(metric.name()).append(':');
        switch (metric.type()) {
            case COUNTER:
                out.append("1|c");
                break;
            case SUM:
                StatsdText.appendNumber(out, value);
                out.append("|c");
                break;
            case LAST_VALUE:
                StatsdText.appendNumber(out, value);
                out.append("|g");
                break;
            case SUMMARY:
                StatsdText.appendNumber(out, value);
                out.append("|h");
                break;
            default: // DISTRIBUTION
                StatsdText.appendNumber(out, value);
                out.append("|d");
                break;
        }
        StatsdText.appendRate(out, metric.samplingRate());
        appendTags(out, metric.tagKeys(metadata), metadata);
        return true;
    }

    private void appendTags(StringBuilder out, String[] keys, Map<String, ?> metadata) {
        boolean first = true;
        for (String key : keys) {
            out.append(first ? "|#" : ",");
            first = false;
            appendTag(out, key, StatsdText.tagValue(key, metadata, globalTags, StatsdText.UNPROCESSABLE));
        }
        for (int i = 0; i < globalKeys.length; i++) {
            if (contains(keys, globalKeys[i])) {
                continue;
            }
            out.append(first ? "|#" : ",");
            first = false;
            appendTag(out, globalKeys[i], globalValues[i]);
        }
    }

    private static void appendTag(StringBuilder out, String key, String value) {
        StatsdText.appendSafe(out, key);
        out.append(':');
        StatsdText.appendSafe(out, value);
    }

    private static boolean contains(String[] keys, String key) {
        for (String k : keys) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }
}
