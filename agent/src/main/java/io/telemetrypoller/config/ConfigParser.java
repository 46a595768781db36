package io.telemetrypoller.config;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.Syntax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns the agent's OPTIONS string ({@code key=value} pairs joined by {@code ,}, list items by {@code +})
 * and the optional {@code config=FILE} JSON into an {@link AgentConfig}. Every value is validated up
 * front; the first problem becomes a {@link ConfigException} whose message is one line naming the
 * option, e.g. {@code invalid period 'abc': expected a positive integer (milliseconds)}.
 * Inline options replace the file's value of the same key.
 */
public final class ConfigParser {
    /** Every inline key, in the order the documentation lists them. */
    public static final List<String> KEYS = Collections.unmodifiableList(Arrays.asList(
            "period", "init_delay", "measurements", "sink", "statsd_format", "prefix", "tags", "config",
            "name", "default", "workers", "mfa", "log", "strict", "statsd_mtu", "executors", "measurement_timeout",
            "otlp_temporality", "otlp_protocol", "naming"));

    static final long MAX_CONFIG_BYTES = ConfigFileReader.MAX_BYTES;
    private static final long MAX_MILLIS = Integer.MAX_VALUE;
    private static final int NAME_MAX = 64;
    private static final int PREFIX_MAX = 128;
    private static final int TAG_KEY_MAX = 100;
    private static final List<String> POLLER_FIELDS = Arrays.asList("name", "period", "init_delay", "measurements");
    private static final List<String> FILE_FIELDS = Arrays.asList("pollers", "period", "init_delay",
            "measurements", "mfa", "name", "default", "sink", "statsd_format", "prefix", "tags", "statsd_mtu",
            "metrics", "workers", "executors", "log", "strict", "measurement_timeout", "otlp_temporality", "otlp_protocol", "otlp_headers");
    private static final List<String> PROCESS_INFO_KEYS = Arrays.asList(
            "message_queue_len", "memory", "cpu_time_ns", "allocated_bytes", "state");

    private ConfigParser() {
    }

    /** Parses and validates; an empty or null string means every default. */
    public static AgentConfig parse(String options) throws ConfigException {
        String text = options == null ? "" : options;
        Map<String, String> inline = split(text);
        Layer file = inline.containsKey("config") ? readFile(inline.get("config")) : new Layer();
        Layer given = new Layer();
        for (Map.Entry<String, String> e : inline.entrySet()) {
            setInline(given, e.getKey(), e.getValue());
        }
        AgentConfig.Builder b = merge(file, given);
        if (file.metrics != null) {
            try {
                // parsed once, here: bad definitions are rejected at start like every other option
                b.metrics = MetricsParser.parse(file.metrics);
            } catch (ConfigException e) {
                throw new ConfigException("invalid config " + ConfigException.show(inline.get("config")) + ": "
                        + e.getMessage());
            }
        }
        b.options = text;
        return b.build();
    }

    /** Reads {@code strict} without validating anything else, so even a bad string is judged right. */
    public static boolean isStrict(String options) {
        return "true".equals(InlineOptions.lastValue(options, "strict"));
    }

    /** Reads {@code log} without validating anything else: the level for reporting a bad string. */
    public static AgentLog.Level logLevel(String options) {
        String v = InlineOptions.lastValue(options, "log");
        return "quiet".equals(v) ? AgentLog.Level.QUIET
                : "debug".equals(v) ? AgentLog.Level.DEBUG : AgentLog.Level.INFO;
    }

    static Map<String, String> split(String options) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] pair : InlineOptions.pairs(options)) {
            String key = pair[0];
            if (key.isEmpty() && pair[1] == null) {
                throw new ConfigException("invalid options: an empty item between commas (expected key=value,key=value)");
            }
            if (pair[1] == null) {
                throw new ConfigException(KEYS.contains(key)
                        ? "invalid " + key + ": expected " + key + "=VALUE"
                        : "invalid option " + ConfigException.show(key) + ": expected key=value");
            }
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown option " + ConfigException.show(key)
                        + " (expected one of " + String.join(", ", KEYS) + ")");
            }
            if (out.containsKey(key)) {
                throw new ConfigException("invalid " + key + ": given twice");
            }
            out.put(key, pair[1]);
        }
        return out;
    }

    // ---- inline values ----

    private static void setInline(Layer l, String key, String v) throws ConfigException {
        switch (key) {
            case "period":
                l.period = millis(key, v, 1, "a positive integer (milliseconds)");
                break;
            case "init_delay":
                l.initDelay = millis(key, v, 0, "an integer >= 0 (milliseconds)");
                break;
            case "measurements": {
                List<MeasurementSpec> specs = new ArrayList<>();
                for (String item : items(key, v)) {
                    specs.add(builtIn(key, item));
                }
                l.measurements = specs;
                break;
            }
            case "mfa": {
                List<MeasurementSpec> specs = new ArrayList<>();
                for (String item : items(key, v)) {
                    specs.add(mfa(item));
                }
                l.mfa = specs;
                break;
            }
            case "sink": {
                List<SinkSpec> sinks = new ArrayList<>();
                for (String item : items(key, v)) {
                    sinks.add(SinkSpec.parse(item));
                }
                l.sinks = sinks;
                break;
            }
            case "tags": {
                Map<String, String> tags = new LinkedHashMap<>();
                for (String item : items(key, v)) {
                    int colon = item.indexOf(':');
                    if (colon < 0) {
                        throw new ConfigException("invalid tags " + ConfigException.show(item) + ": expected key:value");
                    }
                    putTag(tags, item.substring(0, colon), item.substring(colon + 1));
                }
                l.tags = tags;
                break;
            }
            case "workers": {
                List<WorkerSpec> workers = new ArrayList<>();
                for (String item : items(key, v)) {
                    workers.add(new WorkerSpec(javaClass(key, item), null, null));
                }
                l.workers = workers;
                break;
            }
            case "config":
                break; // read before the inline values
            default:
                setScalar(l, key, v);
        }
    }

    /**
     * An HTTP header for the OTLP sink: a token name, a value without control characters (no header
     * can be smuggled in). The value may be a credential, so no message shows it.
     */
    private static void putHeader(Map<String, String> headers, String name, String value) throws ConfigException {
        if (name.isEmpty() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new ConfigException("invalid otlp_headers name " + ConfigException.show(name)
                    + ": expected an HTTP header name (letters, digits, '-')");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new ConfigException("invalid otlp_headers value of " + ConfigException.show(name)
                        + ": a control character (values not shown)");
            }
        }
        headers.put(name, value);
    }

    /** Keys whose value is one word, shared by the inline and file forms. */
    private static void setScalar(Layer l, String key, String v) throws ConfigException {
        switch (key) {
            case "statsd_format":
                l.statsdFormat = oneOf(key, v, "standard", "datadog");
                break;
            case "otlp_temporality":
                l.otlpTemporality = oneOf(key, v, "cumulative", "delta");
                break;
            case "otlp_protocol":
                l.otlpProtocol = oneOf(key, v, "http/protobuf", "http/json");
                break;
            case "naming":
                l.naming = oneOf(key, v, "default", "otel");
                break;
            case "prefix":
                l.prefix = matching(key, v, PREFIX_MAX, "letters, digits, '_', '.' or '-'");
                break;
            case "name":
                l.name = matching(key, v, NAME_MAX, "letters, digits, '_', '.' or '-', at most 64");
                break;
            case "default":
                l.startDefault = bool(key, v);
                break;
            case "strict":
                l.strict = bool(key, v);
                break;
            case "executors":
                l.executors = bool(key, v);
                break;
            case "log":
                l.log = AgentLog.Level.valueOf(oneOf(key, v, "quiet", "info", "debug").toUpperCase(java.util.Locale.ROOT));
                break;
            case "statsd_mtu":
                l.mtu = (int) range(key, v, 64, 65_507, "an integer from 64 to 65507 (bytes)");
                break;
            case "measurement_timeout":
                l.timeout = millis(key, v, 1, "a positive integer (milliseconds)");
                break;
            default:
                throw new ConfigException("unknown option " + ConfigException.show(key));
        }
    }

    private static List<String> items(String key, String v) throws ConfigException {
        if (v.isEmpty()) {
            throw new ConfigException("invalid " + key + ": empty (expected items joined by '+')");
        }
        List<String> out = InlineOptions.listItems(v);
        if (out.contains("")) {
            throw new ConfigException("invalid " + key + " " + ConfigException.show(v)
                    + ": an empty item (items are joined by '+')");
        }
        return out;
    }

    private static long millis(String key, String v, long min, String expected) throws ConfigException {
        return range(key, v, min, MAX_MILLIS, expected);
    }

    private static long range(String key, String v, long min, long max, String expected) throws ConfigException {
        boolean digits = !v.isEmpty() && v.length() <= 12;
        for (int i = 0; digits && i < v.length(); i++) {
            digits = v.charAt(i) >= '0' && v.charAt(i) <= '9';
        }
        long n = digits ? Long.parseLong(v) : -1;
        if (!digits || n < min || n > max) {
            throw new ConfigException("invalid " + key + " " + ConfigException.show(v) + ": expected " + expected
                    + (digits && n > max ? ", at most " + max : ""));
        }
        return n;
    }

    private static String oneOf(String key, String v, String... allowed) throws ConfigException {
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new ConfigException("invalid " + key + " " + ConfigException.show(v) + ": expected "
                + String.join(" or ", allowed));
    }

    private static boolean bool(String key, String v) throws ConfigException {
        return "true".equals(oneOf(key, v, "true", "false"));
    }

    private static String matching(String key, String v, int max, String expected) throws ConfigException {
        if (!Syntax.isWord(v, max, "_.-")) {
            throw new ConfigException("invalid " + key + " " + ConfigException.show(v) + ": expected " + expected);
        }
        return v;
    }

    private static MeasurementSpec builtIn(String key, String name) throws ConfigException {
        if (name.startsWith(ProcessInfoSpecs.SHORTHAND)) {
            return ProcessInfoSpecs.shorthand(name);
        }
        if (!MeasurementSpec.BUILT_IN.contains(name)) {
            throw new ConfigException("invalid " + key + ": unknown measurement " + ConfigException.show(name)
                    + " (expected " + String.join(", ", MeasurementSpec.BUILT_IN) + ")");
        }
        return MeasurementSpec.builtIn(name);
    }

    private static MeasurementSpec mfa(String item) throws ConfigException {
        int hash = item.indexOf('#');
        if (hash < 0 || !Syntax.isQualifiedName(item.substring(0, hash))
                || !Syntax.isIdentifier(item.substring(hash + 1))) {
            throw new ConfigException("invalid mfa " + ConfigException.show(item)
                    + ": expected fully.qualified.Class#staticMethod");
        }
        return MeasurementSpec.mfa(item.substring(0, hash), item.substring(hash + 1), new ArrayList<>());
    }

    private static String javaClass(String key, String v) throws ConfigException {
        if (!Syntax.isQualifiedName(v)) {
            throw new ConfigException("invalid " + key + " " + ConfigException.show(v)
                    + ": expected a fully qualified class name");
        }
        return v;
    }

    private static void putTag(Map<String, String> tags, String k, String v) throws ConfigException {
        if (!Syntax.isWord(k, TAG_KEY_MAX, "_.-/")) {
            throw new ConfigException("invalid tags: key " + ConfigException.show(k)
                    + " (expected letters, digits, '_', '.', '-' or '/')");
        }
        if (v.isEmpty() || v.length() > 200) {
            throw new ConfigException("invalid tags: value of " + ConfigException.show(k) + " must be 1 to 200 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '|' || c == ',' || c == '#' || c == '"' || c == '\\') {
                throw new ConfigException("invalid tags: value of " + ConfigException.show(k)
                        + " holds a character StatsD or Prometheus cannot carry");
            }
        }
        tags.put(k, v);
    }

    // ---- the config file ----

    private static Layer readFile(String path) throws ConfigException {
        if (path.isEmpty()) {
            throw new ConfigException("invalid config: empty (expected config=PATH of a JSON file)");
        }
        String shown = ConfigException.show(path);
        String text = ConfigFileReader.read(path); // regular files only, capped, time-bounded
        try {
            return fileLayer(JsonTreeReader.read(text));
        } catch (ConfigException e) {
            throw new ConfigException("invalid config " + shown + ": " + e.getMessage());
        }
    }

    private static Layer fileLayer(JsonNode root) throws ConfigException {
        Layer l = new Layer();
        Map<String, JsonNode> fields = root.asObject();
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "pollers": {
                    Map<String, PollerConfig> pollers = new LinkedHashMap<>();
                    for (JsonNode p : v.asArray()) {
                        PollerConfig pc = poller(p);
                        if (pollers.put(pc.name(), pc) != null) {
                            throw p.error("two pollers named " + ConfigException.show(pc.name()));
                        }
                    }
                    l.pollers = pollers;
                    break;
                }
                case "period":
                    l.period = fileMillis(v, 1, "a positive integer (milliseconds)");
                    break;
                case "init_delay":
                    l.initDelay = fileMillis(v, 0, "an integer >= 0 (milliseconds)");
                    break;
                case "measurements":
                    l.measurements = fileMeasurements(v);
                    break;
                case "mfa": {
                    List<MeasurementSpec> specs = new ArrayList<>();
                    for (JsonNode item : v.asList()) {
                        specs.add(item.isString() ? inFile(item, () -> mfa(item.asString())) : fileMfa(item));
                    }
                    l.mfa = specs;
                    break;
                }
                case "sink": {
                    List<SinkSpec> sinks = new ArrayList<>();
                    for (JsonNode item : v.asList()) {
                        sinks.add(inFile(item, () -> SinkSpec.parse(item.asString())));
                    }
                    l.sinks = sinks;
                    break;
                }
                case "tags": {
                    Map<String, String> tags = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> t : v.asObject().entrySet()) {
                        JsonNode tv = t.getValue();
                        String value = tv.value() instanceof Number || tv.value() instanceof Boolean
                                ? tv.text() : tv.asString();
                        inFile(tv, () -> {
                            putTag(tags, t.getKey(), value);
                            return null;
                        });
                    }
                    l.tags = tags;
                    break;
                }
                case "otlp_headers": {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> h : v.asObject().entrySet()) {
                        String value = h.getValue().asString();
                        inFile(h.getValue(), () -> {
                            putHeader(headers, h.getKey(), value);
                            return null;
                        });
                    }
                    l.otlpHeaders = headers;
                    break;
                }
                case "metrics":
                    l.metrics = v.asArray();
                    break;
                case "workers": {
                    List<WorkerSpec> workers = new ArrayList<>();
                    for (JsonNode w : v.asArray()) {
                        workers.add(worker(w));
                    }
                    l.workers = workers;
                    break;
                }
                case "statsd_mtu":
                    l.mtu = (int) fileMillis(v, 64, "an integer from 64 to 65507 (bytes)");
                    if (l.mtu > 65_507) {
                        throw v.error("expected an integer from 64 to 65507 (bytes)");
                    }
                    break;
                case "measurement_timeout":
                    l.timeout = fileMillis(v, 1, "a positive integer (milliseconds)");
                    break;
                case "default":
                case "strict":
                case "executors":
                    setScalar(l, key, String.valueOf(v.asBoolean()));
                    break;
                case "statsd_format":
                case "otlp_temporality":
                case "otlp_protocol":
                case "naming":
                case "prefix":
                case "name":
                case "log":
                    inFile(v, () -> {
                        setScalar(l, key, v.asString());
                        return null;
                    });
                    break;
                default:
                    throw v.error("unknown field (expected one of " + String.join(", ", FILE_FIELDS) + ")");
            }
        }
        return l;
    }

    private static PollerConfig poller(JsonNode node) throws ConfigException {
        Map<String, JsonNode> f = node.asObject();
        for (Map.Entry<String, JsonNode> e : f.entrySet()) {
            if (!POLLER_FIELDS.contains(e.getKey())) {
                throw e.getValue().error("unknown field (expected one of " + String.join(", ", POLLER_FIELDS) + ")");
            }
        }
        String name = "default";
        if (f.containsKey("name")) {
            JsonNode n = f.get("name");
            name = inFile(n, () -> matching("name", n.asString(), NAME_MAX, "letters, digits, '_', '.' or '-', at most 64"));
        }
        long period = f.containsKey("period")
                ? fileMillis(f.get("period"), 1, "a positive integer (milliseconds)") : PollerConfig.DEFAULT_PERIOD_MS;
        long delay = f.containsKey("init_delay")
                ? fileMillis(f.get("init_delay"), 0, "an integer >= 0 (milliseconds)") : 0;
        List<MeasurementSpec> ms = f.containsKey("measurements")
                ? fileMeasurements(f.get("measurements")) : defaultMeasurements();
        return new PollerConfig(name, period, delay, ms);
    }

    private static List<MeasurementSpec> fileMeasurements(JsonNode node) throws ConfigException {
        List<MeasurementSpec> out = new ArrayList<>();
        for (JsonNode item : node.asArray()) {
            if (item.isString()) {
                out.add(inFile(item, () -> builtIn("measurements", item.asString())));
                continue;
            }
            Map<String, JsonNode> obj = item.asObject();
            if (obj.size() != 1) {
                throw item.error("expected a name or an object with one key, process_info or mfa");
            }
            Map.Entry<String, JsonNode> only = obj.entrySet().iterator().next();
            if (only.getKey().equals("mfa")) {
                out.add(fileMfa(only.getValue()));
            } else if (only.getKey().equals("process_info")) {
                out.add(processInfo(only.getValue()));
            } else {
                throw only.getValue().error("unknown measurement (expected process_info or mfa)");
            }
        }
        return dedupe(out);
    }

    private static MeasurementSpec fileMfa(JsonNode node) throws ConfigException {
        Map<String, JsonNode> f = node.asObject();
        for (Map.Entry<String, JsonNode> e : f.entrySet()) {
            if (!Arrays.asList("class", "method", "args").contains(e.getKey())) {
                throw e.getValue().error("unknown field (expected class, method, args)");
            }
        }
        JsonNode cls = required(node, f, "class");
        JsonNode method = required(node, f, "method");
        List<Object> args = new ArrayList<>();
        if (f.containsKey("args")) {
            for (JsonNode a : f.get("args").asArray()) {
                if (a.isObject() || a.isArray()) {
                    throw a.error("mfa arguments must be strings, numbers, booleans or null");
                }
                args.add(a.value());
            }
        }
        MeasurementSpec parsed = inFile(node, () -> mfa(cls.asString() + "#" + method.asString()));
        return MeasurementSpec.mfa(parsed.className(), parsed.method(), args);
    }

    private static MeasurementSpec processInfo(JsonNode node) throws ConfigException {
        Map<String, JsonNode> f = node.asObject();
        for (Map.Entry<String, JsonNode> e : f.entrySet()) {
            if (!Arrays.asList("name", "event", "keys").contains(e.getKey())) {
                throw e.getValue().error("unknown field (expected name, event, keys)");
            }
        }
        String target = required(node, f, "name").asString();
        List<String> event = new ArrayList<>();
        for (JsonNode part : required(node, f, "event").asArray()) {
            event.add(part.asString());
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode k : required(node, f, "keys").asArray()) {
            if (!PROCESS_INFO_KEYS.contains(k.asString())) {
                throw k.error("unknown key " + ConfigException.show(k.asString()) + " (expected one of "
                        + String.join(", ", PROCESS_INFO_KEYS) + ")");
            }
            keys.add(k.asString());
        }
        if (event.isEmpty() || keys.isEmpty()) {
            throw node.error("process_info needs a non-empty event and keys");
        }
        String problem = ProcessInfoSpecs.problem(target, keys);
        if (problem != null) {
            throw node.error(problem);
        }
        return MeasurementSpec.processInfo(target, event, keys);
    }

    private static WorkerSpec worker(JsonNode node) throws ConfigException {
        if (node.isString()) {
            return new WorkerSpec(inFile(node, () -> javaClass("workers", node.asString())), null, null);
        }
        Map<String, JsonNode> f = node.asObject();
        for (Map.Entry<String, JsonNode> e : f.entrySet()) {
            if (!Arrays.asList("class", "queue", "name").contains(e.getKey())) {
                throw e.getValue().error("unknown field (expected class, queue, name)");
            }
        }
        JsonNode cls = required(node, f, "class");
        String className = inFile(cls, () -> javaClass("workers", cls.asString()));
        String queue = f.containsKey("queue") ? identifier(f.get("queue")) : null;
        String name = f.containsKey("name") ? identifier(f.get("name")) : null;
        return new WorkerSpec(className, queue, name);
    }

    private static String identifier(JsonNode node) throws ConfigException {
        String s = node.asString();
        if (!Syntax.isIdentifier(s)) {
            throw node.error("expected a field or method name");
        }
        return s;
    }

    private static JsonNode required(JsonNode parent, Map<String, JsonNode> f, String key) throws ConfigException {
        JsonNode n = f.get(key);
        if (n == null) {
            throw parent.error("missing field '" + key + "'");
        }
        return n;
    }

    private static long fileMillis(JsonNode v, long min, String expected) throws ConfigException {
        Object value = v.value();
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)
                || ((Number) value).doubleValue() < min || ((Number) value).doubleValue() > MAX_MILLIS) {
            throw v.error("expected " + expected);
        }
        return ((Number) value).longValue();
    }

    private interface Check<T> {
        T get() throws ConfigException;
    }

    /** Runs an inline-style validation on a file value, prefixing its message with line and path. */
    private static <T> T inFile(JsonNode node, Check<T> check) throws ConfigException {
        try {
            return check.get();
        } catch (ConfigException e) {
            throw node.error(e.getMessage());
        }
    }

    // ---- merging ----

    private static AgentConfig.Builder merge(Layer file, Layer inline) {
        AgentConfig.Builder b = new AgentConfig.Builder();
        Map<String, PollerConfig> pollers = new LinkedHashMap<>(
                file.pollers == null ? Collections.<String, PollerConfig>emptyMap() : file.pollers);
        String name = pick(inline.name, file.name, "default");
        boolean startDefault = pick(inline.startDefault, file.startDefault, true);
        PollerConfig existing = pollers.get(name);
        long period = pick(inline.period, file.period, existing == null ? PollerConfig.DEFAULT_PERIOD_MS : existing.periodMs());
        long delay = pick(inline.initDelay, file.initDelay, existing == null ? 0L : existing.initDelayMs());
        List<MeasurementSpec> ms = new ArrayList<>(pick(inline.measurements, file.measurements,
                existing == null ? defaultMeasurements() : existing.measurements()));
        ms.addAll(pick(inline.mfa, file.mfa, Collections.<MeasurementSpec>emptyList()));
        if (startDefault) {
            pollers.put(name, new PollerConfig(name, period, delay, dedupe(ms)));
        } else {
            pollers.remove(name);
        }
        b.workers = pick(inline.workers, file.workers, new ArrayList<WorkerSpec>());
        b.executors = pick(inline.executors, file.executors, false);
        b.pollers = withImplied(new ArrayList<>(pollers.values()), name, b.workers, b.executors);
        b.sinks = dedupeSinks(pick(inline.sinks, file.sinks, Collections.singletonList(stdout())));
        b.statsdFormat = pick(inline.statsdFormat, file.statsdFormat, "standard");
        b.otlpTemporality = pick(inline.otlpTemporality, file.otlpTemporality, null);
        b.otlpProtocol = pick(inline.otlpProtocol, file.otlpProtocol, null);
        b.naming = pick(inline.naming, file.naming, "default");
        b.otlpHeaders = pick(null, file.otlpHeaders, new LinkedHashMap<String, String>());
        b.prefix = pick(inline.prefix, file.prefix, null);
        b.tags = pick(inline.tags, file.tags, new LinkedHashMap<String, String>());
        b.statsdMtu = pick(inline.mtu, file.mtu, AgentConfig.DEFAULT_STATSD_MTU);
        b.log = pick(inline.log, file.log, AgentLog.Level.INFO);
        b.strict = pick(inline.strict, file.strict, false);
        b.measurementTimeoutMs = pick(inline.timeout, file.timeout, io.telemetrypoller.Poller.DEFAULT_MEASUREMENT_TIMEOUT_MS);
        return b;
    }

    /** Adds the implied process_info measurements to the poller named {@code name}, else to the first. */
    private static List<PollerConfig> withImplied(List<PollerConfig> pollers, String name, List<WorkerSpec> workers,
                                                  boolean executors) {
        List<MeasurementSpec> extra = ProcessInfoSpecs.implied(workers, executors, pollers);
        if (extra.isEmpty() || pollers.isEmpty()) {
            return pollers;
        }
        int target = 0;
        for (int i = 0; i < pollers.size(); i++) {
            if (pollers.get(i).name().equals(name)) {
                target = i;
            }
        }
        pollers.set(target, pollers.get(target).withImplied(extra));
        return pollers;
    }

    private static SinkSpec stdout() {
        try {
            return SinkSpec.parse("stdout");
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    static List<MeasurementSpec> defaultMeasurements() {
        List<MeasurementSpec> out = new ArrayList<>();
        for (String n : MeasurementSpec.DEFAULTS) {
            out.add(MeasurementSpec.builtIn(n));
        }
        return out;
    }

    private static List<MeasurementSpec> dedupe(List<MeasurementSpec> in) {
        Map<String, MeasurementSpec> byName = new LinkedHashMap<>();
        for (MeasurementSpec m : in) {
            byName.putIfAbsent(m.describe() + (m.args() == null ? "" : m.args().toString()), m);
        }
        return new ArrayList<>(byName.values());
    }

    private static List<SinkSpec> dedupeSinks(List<SinkSpec> in) {
        return new ArrayList<>(new LinkedHashSet<>(in));
    }

    private static <T> T pick(T inline, T file, T fallback) {
        return inline != null ? inline : file != null ? file : fallback;
    }

    /** The settings of one source (the file, or the inline string): null where it says nothing. */
    private static final class Layer {
        Map<String, PollerConfig> pollers;
        Long period;
        Long initDelay;
        List<MeasurementSpec> measurements;
        List<MeasurementSpec> mfa;
        String name;
        Boolean startDefault;
        List<SinkSpec> sinks;
        String statsdFormat;
        String otlpTemporality;
        String otlpProtocol;
        String naming;
        Map<String, String> otlpHeaders;
        String prefix;
        Map<String, String> tags;
        Integer mtu;
        List<JsonNode> metrics;
        List<WorkerSpec> workers;
        Boolean executors;
        AgentLog.Level log;
        Boolean strict;
        Long timeout;
    }
}
