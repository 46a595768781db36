package io.telemetrypoller.config;

import io.telemetrypoller.internal.AgentLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigParserTest {
    @TempDir
    Path dir;

    private static List<String> measurementNames(PollerConfig p) {
        List<String> out = new ArrayList<>();
        for (MeasurementSpec m : p.measurements()) {
            out.add(m.describe());
        }
        return out;
    }

    private static String error(String options) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(options)).getMessage();
    }

    @Test
    void emptyOptionsGiveTheContractDefaults() throws Exception {
        for (String options : Arrays.asList(null, "", "  ")) {
            AgentConfig c = ConfigParser.parse(options);
            assertEquals(1, c.pollers().size());
            PollerConfig p = c.pollers().get(0);
            assertEquals("default", p.name());
            assertEquals(5000, p.periodMs());
            assertEquals(0, p.initDelayMs());
            assertEquals(Arrays.asList("memory", "total_run_queue_lengths", "system_counts"), measurementNames(p));
            assertEquals(Collections.singletonList("stdout"), Arrays.asList(c.sinks().get(0).text()));
            assertEquals("standard", c.statsdFormat());
            assertNull(c.prefix());
            assertEquals(Collections.emptyMap(), c.tags());
            assertEquals(AgentLog.Level.INFO, c.log());
            assertFalse(c.strict());
            assertFalse(c.executors());
            assertEquals(512, c.statsdMtu());
        }
    }

    @Test
    void everyInlineOption() throws Exception {
        AgentConfig c = ConfigParser.parse("period=1000,init_delay=10,measurements=memory+gc+cpu,"
                + "sink=stdout+file:/tmp/t.jsonl+statsd://127.0.0.1:8125+prometheus://:9464,"
                + "statsd_format=datadog,prefix=app,tags=env:prod+region:eu-1,name=main,"
                + "workers=com.acme.OrderWorker+com.acme.Mailer,mfa=com.acme.Stats#dispatch,log=debug,"
                + "strict=false,statsd_mtu=1432,executors=true");
        PollerConfig p = c.pollers().get(0);
        assertEquals("main", p.name());
        assertEquals(1000, p.periodMs());
        assertEquals(10, p.initDelayMs());
        assertEquals(Arrays.asList("memory", "gc", "cpu", "mfa:com.acme.Stats#dispatch"), measurementNames(p));
        assertEquals(SinkSpec.Kind.FILE, c.sinks().get(1).kind());
        assertEquals("/tmp/t.jsonl", c.sinks().get(1).path());
        assertEquals("127.0.0.1", c.sinks().get(2).host());
        assertEquals(8125, c.sinks().get(2).port());
        assertEquals("127.0.0.1", c.sinks().get(3).host(), "prometheus binds loopback unless told");
        assertEquals(9464, c.sinks().get(3).port());
        assertEquals("datadog", c.statsdFormat());
        assertEquals("app", c.prefix());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", "prod");
        tags.put("region", "eu-1");
        assertEquals(tags, c.tags());
        assertEquals("com.acme.Mailer", c.workers().get(1).className());
        assertEquals(AgentLog.Level.DEBUG, c.log());
        assertEquals(1432, c.statsdMtu());
        assertTrue(c.executors());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "period=abc => invalid period 'abc': expected a positive integer (milliseconds)",
        "period=0 => invalid period '0': expected a positive integer (milliseconds)",
        "period=-5 => invalid period '-5': expected a positive integer (milliseconds)",
        "period=99999999999 => invalid period '99999999999': expected a positive integer (milliseconds), at most 2147483647",
        "period=999999999999999999999999 => invalid period '999999999999999999999999': expected a positive integer (milliseconds)",
        "period= => invalid period '': expected a positive integer (milliseconds)",
        "period => invalid period: expected period=VALUE",
        "init_delay=-1 => invalid init_delay '-1': expected an integer >= 0 (milliseconds)",
        "perod=5 => unknown option 'perod' (expected one of period, init_delay, measurements, sink, statsd_format, prefix, tags, config, name, default, workers, mfa, log, strict, statsd_mtu, executors, measurement_timeout, otlp_temporality, otlp_protocol, naming)",
        "period=5,period=6 => invalid period: given twice",
        "period=5,,log=info => invalid options: an empty item between commas (expected key=value,key=value)",
        "measurements=memory+foo => invalid measurements: unknown measurement 'foo' (expected memory, total_run_queue_lengths, system_counts, thread_states, container, safepoints, runtime, gc, cpu, agent)",
        "measurements=memory++gc => invalid measurements 'memory++gc': an empty item (items are joined by '+')",
        "measurements= => invalid measurements: empty (expected items joined by '+')",
        "sink=kafka://x:1 => invalid sink 'kafka://x:1': expected stdout, stderr, console, file:PATH, statsd://HOST:PORT, prometheus://HOST:PORT or otlp://HOST:PORT",
        "sink=otlp://collector => invalid sink 'otlp://collector': expected otlp://HOST:PORT",
        "sink=otlps://:4318/v1/metrics => invalid sink 'otlps://:4318/v1/metrics': expected otlps://HOST:PORT with a host",
        "sink=otlp://h:4318/a b => invalid sink 'otlp://h:4318/a b': the path has a character a URL path cannot have here",
        "sink=statsd://localhost => invalid sink 'statsd://localhost': expected statsd://HOST:PORT",
        "sink=statsd://:8125 => invalid sink 'statsd://:8125': expected statsd://HOST:PORT with a host",
        "sink=statsd://h:70000 => invalid sink 'statsd://h:70000': the port must be a number from 1 to 65535",
        "sink=file: => invalid sink 'file:': file: needs a path, e.g. file:/var/log/telemetry.jsonl",
        "statsd_format=dogstatsd => invalid statsd_format 'dogstatsd': expected standard or datadog",
        "otlp_temporality=weekly => invalid otlp_temporality 'weekly': expected cumulative or delta",
        "otlp_protocol=grpc => invalid otlp_protocol 'grpc': expected http/protobuf or http/json",
        "naming=prometheus => invalid naming 'prometheus': expected default or otel",
        "tags=env => invalid tags 'env': expected key:value",
        "tags=env:a|b => invalid tags: value of 'env' holds a character StatsD or Prometheus cannot carry",
        "prefix=a b => invalid prefix 'a b': expected letters, digits, '_', '.' or '-'",
        "name=a/b => invalid name 'a/b': expected letters, digits, '_', '.' or '-', at most 64",
        "default=no => invalid default 'no': expected true or false",
        "strict=yes => invalid strict 'yes': expected true or false",
        "log=verbose => invalid log 'verbose': expected quiet or info or debug",
        "mfa=com.acme.Stats => invalid mfa 'com.acme.Stats': expected fully.qualified.Class#staticMethod",
        "mfa=com.acme.Stats#a-b => invalid mfa 'com.acme.Stats#a-b': expected fully.qualified.Class#staticMethod",
        "workers=1abc => invalid workers '1abc': expected a fully qualified class name",
        "statsd_mtu=10 => invalid statsd_mtu '10': expected an integer from 64 to 65507 (bytes)",
        "config=/no/such/file.json => invalid config '/no/such/file.json': no such file",
    })
    void badInlineValuesGiveOneLineNamingTheOption(String options, String expected) {
        assertEquals(expected, error(options));
    }

    @Test
    void hugeAndControlCharacterValuesAreCutAndEscapedInMessages() {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            huge.append('9');
        }
        String message = error("period=x" + huge);
        assertTrue(message.length() < 200, message);
        assertEquals("invalid period 'a\\u001b[31mb': expected a positive integer (milliseconds)",
                error("period=a\u001b[31mb"));
        assertFalse(error("sink=\n").contains("\n"));
    }

    @Test
    void strictAndLogAreReadEvenFromABadString() {
        assertTrue(ConfigParser.isStrict("period=abc,strict=true"));
        assertFalse(ConfigParser.isStrict("period=abc"));
        assertFalse(ConfigParser.isStrict(null));
        assertEquals(AgentLog.Level.QUIET, ConfigParser.logLevel("junk,log=quiet"));
    }

    @Test
    void defaultFalseDropsOnlyTheDefaultPoller() throws Exception {
        assertEquals(0, ConfigParser.parse("default=false").pollers().size());
        Path file = write("{\"pollers\": [{\"name\": \"fast\", \"period\": 100, \"measurements\": [\"cpu\"]}]}");
        AgentConfig c = ConfigParser.parse("config=" + file + ",default=false");
        assertEquals(1, c.pollers().size());
        assertEquals("fast", c.pollers().get(0).name());
    }

    @Test
    void configFileWithInlineOverrides() throws Exception {
        Path file = write("{\n"
                + "  \"pollers\": [\n"
                + "    {\"name\": \"default\", \"period\": 5000, \"init_delay\": 0,\n"
                + "     \"measurements\": [\"memory\", \"total_run_queue_lengths\", \"system_counts\",\n"
                + "       {\"mfa\": {\"class\": \"com.acme.Stats\", \"method\": \"dispatch\", \"args\": [\"x\", 3]}}]},\n"
                + "    {\"name\": \"slow\", \"period\": 60000, \"measurements\": [\"gc\"]}\n"
                + "  ],\n"
                + "  \"sink\": [\"stdout\", \"statsd://127.0.0.1:8125\"],\n"
                + "  \"statsd_format\": \"datadog\", \"prefix\": \"app\", \"tags\": {\"env\": \"prod\", \"zone\": 3},\n"
                + "  \"metrics\": [{\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": \"byte\"}],\n"
                + "  \"workers\": [{\"class\": \"com.acme.OrderWorker\", \"queue\": \"inbox\"}, \"com.acme.Mailer\"],\n"
                + "  \"executors\": true\n"
                + "}\n");
        AgentConfig c = ConfigParser.parse("config=" + file + ",period=1000,sink=stderr");
        assertEquals(2, c.pollers().size());
        PollerConfig main = c.pollers().get(0);
        assertEquals(1000, main.periodMs(), "inline overrides the file");
        assertEquals(Arrays.asList("memory", "total_run_queue_lengths", "system_counts",
                "mfa:com.acme.Stats#dispatch"), measurementNames(main));
        assertEquals(Arrays.asList("x", 3), main.measurements().get(3).args());
        assertEquals(60000, c.pollers().get(1).periodMs());
        assertEquals("stderr", c.sinks().get(0).text());
        assertEquals(1, c.sinks().size());
        assertEquals("datadog", c.statsdFormat());
        assertEquals("3", c.tags().get("zone"));
        assertEquals(1, c.metrics().size());
        assertEquals("inbox", c.workers().get(0).queue());
        assertEquals("com.acme.Mailer", c.workers().get(1).className());
        assertTrue(c.executors());
    }

    /** The OTLP sink's headers come only from the file (or the environment); a credential is never shown. */
    @Test
    void otlpHeadersAreReadFromTheFileAndTheirValuesNeverShown() throws Exception {
        Path good = write("{\"otlp_headers\": {\"api-key\": \"k1\", \"x-tenant\": \"shop\"}}");
        assertEquals("{api-key=k1, x-tenant=shop}", ConfigParser.parse("config=" + good).otlpHeaders().toString());
        assertEquals("{}", ConfigParser.parse("").otlpHeaders().toString());

        Path injected = write("{\"otlp_headers\": {\"api-key\": \"s3cret\\r\\nHost: evil\"}}");
        assertEquals("invalid config '" + injected + "': line 1: otlp_headers.api-key: invalid otlp_headers value of "
                + "'api-key': a control character (values not shown)", error("config=" + injected));

        Path badName = write("{\"otlp_headers\": {\"api key\": \"s3cret\"}}");
        assertEquals("invalid config '" + badName + "': line 1: otlp_headers.api key: invalid otlp_headers name "
                + "'api key': expected an HTTP header name (letters, digits, '-')", error("config=" + badName));

        Path number = write("{\"otlp_headers\": {\"api-key\": 123456}}");
        assertEquals("invalid config '" + number + "': line 1: otlp_headers.api-key: expected a string",
                error("config=" + number));
        assertTrue(error("otlp_headers=api-key:s3cret").startsWith("unknown option 'otlp_headers'"));
    }

    @Test
    void configFileErrorsNameTheFileLineAndField() throws Exception {
        Path typo = write("{\n  \"pollers\": [\n    {\"name\": \"a\", \"perod\": 5}\n  ]\n}");
        assertEquals("invalid config '" + typo + "': line 3: pollers[0].perod: unknown field "
                + "(expected one of name, period, init_delay, measurements)", error("config=" + typo));

        Path wrongType = write("{\"pollers\": [{\"period\": \"fast\"}]}");
        assertEquals("invalid config '" + wrongType + "': line 1: pollers[0].period: expected a positive integer "
                + "(milliseconds)", error("config=" + wrongType));

        Path truncated = write("{\"pollers\": [{\"period\": 5");
        assertTrue(error("config=" + truncated).startsWith("invalid config '" + truncated + "': line 1: malformed JSON: "));

        Path topLevel = write("{\"sinks\": [\"stdout\"]}");
        assertTrue(error("config=" + topLevel).startsWith("invalid config '" + topLevel
                + "': line 1: sinks: unknown field (expected one of pollers,"));

        Path badSink = write("{\"sink\": [\"stdout\",\n \"udp://x\"]}");
        assertEquals("invalid config '" + badSink + "': line 2: sink[1]: invalid sink 'udp://x': expected stdout, "
                + "stderr, console, file:PATH, statsd://HOST:PORT, prometheus://HOST:PORT or otlp://HOST:PORT", error("config=" + badSink));

        Path duplicate = write("{\"prefix\": \"a\", \"prefix\": \"b\"}");
        assertTrue(error("config=" + duplicate).contains("malformed JSON: Duplicate field 'prefix'"));

        Path notObject = write("[1, 2]");
        assertEquals("invalid config '" + notObject + "': line 1: expected an object", error("config=" + notObject));

        Path empty = write("");
        assertEquals("invalid config '" + empty + "': line 1: the file is empty", error("config=" + empty));

        assertEquals("invalid config '" + dir + "': a directory, not a file", error("config=" + dir));
    }

    @Test
    void badMetricDefinitionsAreRejectedAtStartNamingTheMetric() throws Exception {
        Path file = write("{\"metrics\": [\n {\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": \"byte\"},\n"
                + " {\"type\": \"gauge\", \"name\": \"vm.memory.heap_used\"}]}");
        String message = error("config=" + file);
        assertTrue(message.startsWith("invalid config '" + file + "': line 3: metrics[1]"), message);
        assertTrue(message.contains("vm.memory.heap_used"), message);
    }

    @Test
    void deepNestingAndHugeFilesAreRefused() throws Exception {
        StringBuilder deep = new StringBuilder("{\"metrics\": ");
        for (int i = 0; i < 100; i++) {
            deep.append('[');
        }
        Path nested = write(deep.toString());
        assertTrue(error("config=" + nested).contains("nested deeper than 32 levels"), error("config=" + nested));

        Path huge = dir.resolve("huge.json");
        byte[] bytes = new byte[(int) ConfigParser.MAX_CONFIG_BYTES + 1];
        Arrays.fill(bytes, (byte) ' ');
        Files.write(huge, bytes);
        assertEquals("invalid config '" + huge + "': 1048577 bytes, at most 1048576 (1 MiB) allowed", error("config=" + huge));
    }

    @Test
    void processInfoIsValidatedWithItsKeys() throws Exception {
        Path badKey = write("{\"measurements\": [{\"process_info\": {\"name\": \"com.acme.W\", "
                + "\"event\": [\"acme\", \"worker\"], \"keys\": [\"message_queue_len\", \"reductions\"]}}]}");
        assertEquals("invalid config '" + badKey + "': line 1: measurements[0].process_info.keys[1]: unknown key "
                + "'reductions' (expected one of message_queue_len, memory, cpu_time_ns, allocated_bytes, state)",
                error("config=" + badKey));
    }

    private Path write(String json) throws IOException {
        Path p = Files.createTempFile(dir, "config", ".json");
        Files.write(p, json.getBytes(StandardCharsets.UTF_8));
        return p;
    }
}
