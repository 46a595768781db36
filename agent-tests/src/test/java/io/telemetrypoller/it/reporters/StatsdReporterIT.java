package io.telemetrypoller.it.reporters;

import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example application's VM metrics in a real Etsy StatsD daemon, and DogStatsD lines on the wire. */
@Tag("jvm")
class StatsdReporterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void zeroConfigGaugesReachEtsyStatsd() throws Exception {
        try (EtsyStatsd statsd = EtsyStatsd.start();
             AgentJvm jvm = AgentJvm.builder().agent("sink=statsd://127.0.0.1:" + statsd.port + ",period=500")
                     .example(60).start()) {
            Map<String, Double> gauges = RealServers.await("vm.memory.total and the run queue gauges in StatsD",
                    TIMEOUT, () -> {
                        Map<String, Double> g = statsd.numbers("gauges");
                        return g.containsKey("vm.memory.total") && g.containsKey("vm.total_run_queue_lengths.total")
                                && g.containsKey("vm.total_run_queue_lengths.cpu") ? g : null;
                    });
            assertTrue(gauges.get("vm.memory.total") > 0, gauges.toString());
            assertTrue(gauges.get("vm.total_run_queue_lengths.total") >= 0, gauges.toString());
            assertTrue(gauges.get("vm.system_counts.thread_count") > 0, gauges.toString());
            assertTrue(gauges.keySet().stream().anyMatch(k -> k.startsWith("vm.memory_pool.used.") && k.endsWith(".heap")),
                    "pool gauges fold pool and type into the name: " + gauges.keySet());
            assertEquals(0.0, statsd.numbers("counters").getOrDefault("statsd.bad_lines_seen", 0.0), statsd.log());
            assertTrue(jvm.process().isAlive(), jvm.describe());
        }
    }

    @Test
    void definedCountersTimersAndGaugesReachEtsyStatsd() throws Exception {
        Path config = dir.resolve("metrics.json");
        Files.write(config, String.join("\n",
                "{\"metrics\": [",
                "  {\"type\": \"counter\", \"name\": \"vm.memory.polls\", \"event_name\": [\"vm\", \"memory\"]},",
                "  {\"type\": \"summary\", \"name\": \"vm.memory_pool.used\", \"tags\": [\"pool\"],",
                "   \"unit\": [\"byte\", \"kilobyte\"], \"keep\": {\"type\": \"heap\"}},",
                "  {\"type\": \"last_value\", \"name\": \"vm.memory.total\", \"unit\": [\"byte\", \"megabyte\"]},",
                "  {\"type\": \"sum\", \"name\": \"app.threads.sum\", \"event_name\": \"vm.system_counts\",",
                "   \"measurement\": \"thread_count\"}",
                "]}").getBytes(StandardCharsets.UTF_8));
        try (EtsyStatsd statsd = EtsyStatsd.start();
             AgentJvm jvm = AgentJvm.builder().agent("config=" + config + ",sink=statsd://127.0.0.1:" + statsd.port
                     + ",period=300").example(60).start()) {
            Double polls = RealServers.await("a non-zero vm.memory.polls counter", TIMEOUT, () -> {
                Double c = statsd.numbers("counters").get("vm.memory.polls");
                return c != null && c > 0 ? c : null;
            });
            assertTrue(polls >= 1);
            Map<String, String> timers = RealServers.await("vm.memory_pool.used.* timers with values", TIMEOUT, () -> {
                Map<String, String> t = statsd.timers();
                return t.entrySet().stream().anyMatch(e -> e.getKey().startsWith("vm.memory_pool.used.")
                        && !e.getValue().isEmpty()) ? t : null;
            });
            assertFalse(timers.keySet().stream().anyMatch(k -> k.contains("Metaspace")),
                    "keep {type: heap} leaves the non-heap pools out: " + timers.keySet());
            Map<String, Double> gauges = RealServers.await("the megabyte gauge and the sum", TIMEOUT, () -> {
                Map<String, Double> g = statsd.numbers("gauges");
                return g.containsKey("vm.memory.total") && g.getOrDefault("app.threads.sum", 0.0) > 0 ? g : null;
            });
            double megabytes = gauges.get("vm.memory.total");
            assertTrue(megabytes > 1 && megabytes < 100_000, "vm.memory.total in megabytes: " + megabytes);
            assertTrue(jvm.process().isAlive(), jvm.describe());
        }
    }

    @Test
    void datadogLinesCarryMetadataAndGlobalTags() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             AgentJvm jvm = AgentJvm.builder().agent("sink=statsd://127.0.0.1:" + server.getLocalPort()
                     + ",statsd_format=datadog,tags=env:test+type:global,period=500").example(60).start()) {
            server.setSoTimeout(1_000);
            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(has(lines, "vm.memory.total:") && has(lines, "vm.memory_pool.used:")
                    && has(lines, "vm.total_run_queue_lengths.total:"))) {
                assertTrue(System.nanoTime() < deadline, "no datadog lines in time: " + lines + jvm.describe());
                byte[] buf = new byte[65535];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    server.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                assertTrue(p.getLength() <= 512, "datagrams fit the default MTU: " + p.getLength());
                for (String line : new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).split("\n")) {
                    lines.add(line);
                }
            }
            Pattern plain = Pattern.compile("vm\\.(memory|total_run_queue_lengths|system_counts)\\.[a-z_]+:-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?\\|g\\|#env:test,type:global");
            Pattern pool = Pattern.compile("vm\\.memory_pool\\.(used|committed|max|used_after_last_gc):-?[0-9]+\\|g\\|#pool:([A-Za-z0-9_./-]+),type:(heap|non_heap),env:test");
            for (String line : lines) {
                Matcher m = pool.matcher(line);
                assertTrue(plain.matcher(line).matches() || m.matches(), "unexpected line: " + line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.matches("vm\\.memory\\.total:[1-9][0-9]*\\|g\\|#env:test,type:global")),
                    lines.toString());
        }
    }

    private static boolean has(List<String> lines, String start) {
        return lines.stream().anyMatch(l -> l.startsWith(start));
    }
}
