package io.telemetrypoller.config;

import io.telemetrypoller.metrics.MetadataFilter;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricType;
import io.telemetrypoller.metrics.Metrics;

import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code metrics} array of the config file into {@link MetricDefinition}s:
 *
 * <pre>{@code
 * "metrics": [
 *   {"type": "last_value", "name": "vm.memory.total", "unit": ["byte", "megabyte"]},
 *   {"type": "last_value", "name": "vm.memory_pool.used", "tags": ["pool"], "unit": "byte",
 *    "keep": {"type": ["heap"]}, "description": "Heap pool use"},
 *   {"type": "counter", "name": "vm.gc.pause.count", "event_name": ["vm", "gc", "pause"], "tags": ["collector"]},
 *   {"type": "distribution", "name": "vm.gc.pause.duration_ms", "unit": "millisecond",
 *    "reporter_options": {"buckets": [1, 10, 100], "sampling_rate": 0.5}}
 * ]
 * }</pre>
 *
 * Fields: {@code type} and {@code name} (required), {@code event_name} (array or dotted string),
 * {@code measurement}, {@code tags}, {@code unit} (a unit, or {@code [from, to]}), {@code keep} or
 * {@code drop} (metadata key to allowed values), {@code description}, {@code reporter_options}
 * ({@code buckets}, {@code sampling_rate}, {@code report_as: "counter"}). Anything else is an error.
 * Errors name the line, the field and the metric:
 * {@code line 4: metrics[1].unit: metric 'vm.memory.total': cannot convert byte to second}.
 */
public final class MetricsParser {
    private static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList("type", "name",
            "event_name", "measurement", "tags", "unit", "keep", "drop", "description", "reporter_options"));
    private static final List<String> REPORTER_OPTIONS = Collections.unmodifiableList(
            Arrays.asList("buckets", "sampling_rate", "report_as"));

    private MetricsParser() {
    }

    public static List<MetricDefinition> parse(List<JsonNode> nodes) throws ConfigException {
        List<MetricDefinition> out = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            out.add(parseOne(node));
        }
        return Collections.unmodifiableList(out);
    }

    static MetricDefinition parseOne(JsonNode node) throws ConfigException {
        Map<String, JsonNode> fields = node.asObject();
        JsonNode nameNode = fields.get("name");
        if (nameNode == null) {
            throw node.error("a metric needs a name, e.g. \"name\": \"vm.memory.total\"");
        }
        String name = nameNode.asString();
        String label = "metric '" + name + "': ";
        JsonNode typeNode = fields.get("type");
        if (typeNode == null) {
            throw node.error(label + "needs a type: counter, sum, last_value, summary or distribution");
        }
        MetricType type = MetricType.fromConfigName(typeNode.asString());
        if (type == null) {
            throw typeNode.error(label + "unknown type " + typeNode.text()
                    + " (expected counter, sum, last_value, summary or distribution)");
        }
        MetricDefinition.Builder b = Metrics.of(type, name);
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            JsonNode v = f.getValue();
            try {
                apply(b, f.getKey(), v, label);
            } catch (IllegalArgumentException e) {
                throw v.error(e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static void apply(MetricDefinition.Builder b, String key, JsonNode v, String label)
            throws ConfigException {
        switch (key) {
            case "type":
            case "name":
                break;
            case "event_name":
                b.eventName(v.isString() ? Arrays.asList(v.asString().split("\\.", -1)) : strings(v, label));
                break;
            case "measurement":
                b.measurement(string(v, label));
                break;
            case "tags":
                b.tags(strings(v, label));
                break;
            case "unit":
                if (v.isArray()) {
                    List<String> pair = strings(v, label);
                    if (pair.size() != 2) {
                        throw v.error(label + "unit is a unit or [from, to], e.g. [\"byte\", \"megabyte\"]");
                    }
                    b.unit(pair.get(0), pair.get(1));
                } else {
                    b.unit(string(v, label));
                }
                break;
            case "keep":
                b.keep(filter(v, label));
                break;
            case "drop":
                b.drop(filter(v, label));
                break;
            case "description":
                b.description(string(v, label));
                break;
            case "reporter_options":
                reporterOptions(b, v, label);
                break;
            default:
                throw v.error(label + "unknown field (expected one of " + String.join(", ", FIELDS) + ")");
        }
    }

    private static void reporterOptions(MetricDefinition.Builder b, JsonNode node, String label)
            throws ConfigException {
        for (Map.Entry<String, JsonNode> o : object(node, label).entrySet()) {
            JsonNode v = o.getValue();
            try {
                reporterOption(b, o.getKey(), v, label);
            } catch (IllegalArgumentException e) {
                throw v.error(e.getMessage());
            }
        }
    }

    private static void reporterOption(MetricDefinition.Builder b, String key, JsonNode v, String label)
            throws ConfigException {
        switch (key) {
            case "buckets": {
                List<JsonNode> items = array(v, label);
                double[] bounds = new double[items.size()];
                for (int i = 0; i < bounds.length; i++) {
                    bounds[i] = number(items.get(i), label);
                }
                b.buckets(bounds);
                break;
            }
            case "sampling_rate":
                b.samplingRate(number(v, label));
                break;
            case "report_as":
                if (!"counter".equals(v.value())) {
                    throw v.error(label + "report_as must be \"counter\"");
                }
                b.reportAsCounter();
                break;
            default:
                throw v.error(label + "unknown reporter option (expected one of "
                        + String.join(", ", REPORTER_OPTIONS) + ")");
        }
    }

    private static MetadataFilter filter(JsonNode node, String label) throws ConfigException {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        Map<String, JsonNode> fields = object(node, label);
        if (fields.isEmpty()) {
            throw node.error(label + "expected metadata keys with the values to match, e.g. {\"type\": [\"heap\"]}");
        }
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            Set<String> values = new LinkedHashSet<>();
            for (JsonNode item : e.getValue().asList()) {
                Object plain = item.value();
                if (!(plain instanceof String || plain instanceof Number || plain instanceof Boolean)) {
                    throw item.error(label + "expected a string, number or boolean, or an array of them");
                }
                values.add(item.text());
            }
            allowed.put(e.getKey(), values);
        }
        return new MetadataFilter(allowed);
    }

    private static String string(JsonNode v, String label) throws ConfigException {
        if (!v.isString()) {
            throw v.error(label + "expected a string");
        }
        return (String) v.value();
    }

    private static List<String> strings(JsonNode v, String label) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(v, label)) {
            out.add(string(item, label));
        }
        return out;
    }

    private static List<JsonNode> array(JsonNode v, String label) throws ConfigException {
        if (!v.isArray()) {
            throw v.error(label + "expected an array");
        }
        return v.asArray();
    }

    private static Map<String, JsonNode> object(JsonNode v, String label) throws ConfigException {
        if (!v.isObject()) {
            throw v.error(label + "expected an object");
        }
        return v.asObject();
    }

    private static double number(JsonNode v, String label) throws ConfigException {
        if (!(v.value() instanceof Number)) {
            throw v.error(label + "expected a number");
        }
        return ((Number) v.value()).doubleValue();
    }
}
