package io.telemetrypoller.instrument;

import io.telemetrypoller.registry.LiveInstances;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.config.PollerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** process_info as configured (JSON and the inline shorthand) and the measurements the agent adds. */
class ProcessInfoConfigTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Instrumenter.stop();
    }

    private Path write(String json) throws Exception {
        Path p = Files.createTempFile(dir, "config", ".json");
        Files.write(p, json.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    private static List<String> names(List<MeasurementSpec> specs) {
        List<String> out = new ArrayList<>();
        for (MeasurementSpec m : specs) {
            out.add(m.describe());
        }
        return out;
    }

    private String error(String options) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(options)).getMessage();
    }

    @Test
    void jsonProcessInfoKeepsItsNameEventAndKeys() throws Exception {
        Path file = write("{\"measurements\": [\"memory\", {\"process_info\": {\"name\": \"com.acme.OrderWorker\","
                + " \"event\": [\"acme\", \"worker\"], \"keys\": [\"message_queue_len\", \"memory\"]}},"
                + " {\"process_info\": {\"name\": \"thread:main\", \"event\": [\"acme\", \"main\"],"
                + " \"keys\": [\"cpu_time_ns\", \"state\"]}}]}");
        PollerConfig p = ConfigParser.parse("config=" + file).pollers().get(0);
        MeasurementSpec worker = p.measurements().get(1);
        assertEquals(MeasurementSpec.Kind.PROCESS_INFO, worker.kind());
        assertEquals("com.acme.OrderWorker", worker.name());
        assertEquals(Arrays.asList("acme", "worker"), worker.event());
        assertEquals(Arrays.asList("message_queue_len", "memory"), worker.keys());
        assertEquals("process_info:thread:main", p.measurements().get(2).describe());
    }

    @Test
    void jsonProcessInfoRejectsBadTargetsAndKeysThatDoNotApply() throws Exception {
        Path threadQueue = write("{\"measurements\": [{\"process_info\": {\"name\": \"thread:main\","
                + " \"event\": [\"a\"], \"keys\": [\"message_queue_len\"]}}]}");
        assertEquals("invalid config '" + threadQueue + "': line 1: measurements[0].process_info: key"
                + " 'message_queue_len' does not apply to a thread (expected cpu_time_ns, allocated_bytes, state)",
                error("config=" + threadQueue));
        Path badName = write("{\"measurements\": [{\"process_info\": {\"name\": \"1 worker\","
                + " \"event\": [\"a\"], \"keys\": [\"memory\"]}}]}");
        assertEquals("invalid config '" + badName + "': line 1: measurements[0].process_info: name '1 worker':"
                + " expected a fully qualified class name or thread:NAME", error("config=" + badName));
    }

    @Test
    void inlineShorthandAsksForEveryKeyThatApplies() throws Exception {
        PollerConfig p = ConfigParser.parse("measurements=memory+process_info:com.acme.Mailer"
                + "+process_info:thread:example-pool-*").pollers().get(0);
        assertEquals(Arrays.asList("memory", "process_info:com.acme.Mailer", "process_info:thread:example-pool-*"),
                names(p.measurements()));
        MeasurementSpec mailer = p.measurements().get(1);
        assertEquals(Arrays.asList("vm", "process_info"), mailer.event());
        assertEquals(Arrays.asList("message_queue_len", "memory", "cpu_time_ns", "allocated_bytes", "state"),
                mailer.keys());
        assertEquals(Arrays.asList("cpu_time_ns", "allocated_bytes", "state"), p.measurements().get(2).keys());
        assertEquals("invalid measurements 'process_info:thread:': expected process_info:fully.qualified.Class"
                + " or process_info:thread:NAME", error("measurements=process_info:thread:"));
        assertEquals("invalid measurements 'process_info:a..b': expected process_info:fully.qualified.Class"
                + " or process_info:thread:NAME", error("measurements=process_info:a..b"));
    }

    @Test
    void workersAndExecutorsAddTheirMeasurementsToTheInlinePoller() throws Exception {
        AgentConfig c = ConfigParser.parse("workers=com.acme.A+com.acme.B,executors=true,"
                + "measurements=memory+process_info:com.acme.B");
        Instrumenter.apply(c); // no Instrumentation in a unit test: nothing is woven, the plan is still made
        PollerConfig p = c.pollers().get(0);
        assertEquals(Arrays.asList("memory", "process_info:com.acme.B", "process_info:com.acme.A",
                "process_info:executor:*"), names(p.running()),
                "B is named by a process_info already; A gets the shorthand; executors their measurement");
        assertTrue(LiveInstances.kindOf("com.acme.A") >= 0);
        assertEquals(-1, LiveInstances.kindOf("com.acme.Unknown"));

        Path file = write("{\"pollers\": [{\"name\": \"first\"}, {\"name\": \"second\"}]}");
        AgentConfig named = ConfigParser.parse("config=" + file + ",name=second,workers=com.acme.A");
        Instrumenter.apply(named);
        assertEquals(Arrays.asList("memory", "total_run_queue_lengths", "system_counts"),
                names(named.pollers().get(0).running()));
        assertEquals(Arrays.asList("memory", "total_run_queue_lengths", "system_counts", "process_info:com.acme.A"),
                names(named.pollers().get(1).running()), "the poller the inline options name");

        Instrumenter.apply(ConfigParser.parse(""));
        assertEquals(Arrays.asList("memory", "total_run_queue_lengths", "system_counts"),
                names(ConfigParser.parse("").pollers().get(0).running()));
    }
}
