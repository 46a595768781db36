package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.SinkSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.telemetrypoller.TestMaps.meta;
import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cases of beam-telemetry/telemetry_metrics_statsd's test/telemetry_metrics_statsd_test.exs, written from
 * reading them (one test per case, named in a comment), over real UDP on loopback: each event is flushed at
 * once, as the agent sends an application's event, so each is one datagram, as the peer's are. Not ported
 * here: the socket-pool, Unix-socket, supervisor, exit-signal and host-resolution cases (the reporter's OTP
 * process model: our sink has one socket and no supervisor), the UDP-error cases (StatsdFaultIT: an absent,
 * restarted and killed server, reported once), the sampling cases (random draws; the `|@rate` field is in
 * StatsdFormatterPeerSuiteTest), the 40-byte MTU case (statsd_mtu >= 64: docs/differences.md;
 * DatagramPackerTest splits), the invalid-formatter case (ConfigParserTest: statsd_format), and missing and nil
 * tag values in the standard format (StatsdFormatterPeerSuiteTest, docs/differences.md).
 */
class TelemetryMetricsStatsdPeerSuiteTest {
    private DatagramSocket server;
    private StatsdSink sink;

    @BeforeEach
    void open() throws IOException {
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5_000);
    }

    @AfterEach
    void close() throws IOException {
        if (sink != null) {
            sink.close();
        }
        server.close();
    }

    private void startReporter(List<MetricDefinition> metrics, String format, String prefix, Map<String, String> globalTags)
            throws IOException {
        int port = server.getLocalPort();
        UdpSender sender = new UdpSender("statsd://127.0.0.1:" + port, "127.0.0.1", port);
        sink = new StatsdSink("statsd://127.0.0.1:" + port, MetricIndex.of(metrics),
                StatsdSink.lineBuilder(format, prefix, globalTags), new DatagramPacker(512, sender), sender);
    }

    private void startReporter(MetricDefinition... metrics) throws IOException {
        startReporter(Arrays.asList(metrics), "standard", null, Collections.<String, String>emptyMap());
    }

    private void execute(String event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        new SinkSet(Collections.<Sink>singletonList(sink)).handleEvent(Arrays.asList(event.split("\\.")), measurements,
                metadata, null);
    }

    private void execute(String event, Map<String, ? extends Number> measurements) {
        execute(event, measurements, Collections.<String, Object>emptyMap());
    }

    private void assertReported(String expected) throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        assertEquals(expected, new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
    }

    private void refuteReported() throws IOException {
        server.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> server.receive(new DatagramPacket(new byte[512], 512)));
    }



    // telemetry_metrics_statsd_test: counter metric is reported as StatsD counter with 1 as a value
    @Test
    void counterIsReportedAsAStatsdCounterWithOne() throws IOException {
        startReporter(Metrics.counter("http.requests").eventName("http", "request").build());
        for (int latency : new int[] {211, 200, 198}) {
            execute("http.request", numbers("latency", latency));
            assertReported("http.requests:1|c");
        }
    }

    // telemetry_metrics_statsd_test: sum metric is reported as StatsD gauge with +n value
    @Test
    void sumIsReportedAsAGaugeWithPlusN() throws IOException {
        startReporter(Metrics.sum("http.request.payload_size").build());
        for (int size : new int[] {2001, 1585, 1872}) {
            execute("http.request", numbers("payload_size", size));
            assertReported("http.request.payload_size:+" + size + "|g");
        }
    }

    // telemetry_metrics_statsd_test: last value metric is reported as StatsD gauge with absolute value
    @Test
    void lastValueIsReportedAsAnAbsoluteGauge() throws IOException {
        startReporter(Metrics.lastValue("vm.memory.total").build());
        for (int total : new int[] {2001, 1585, 1872}) {
            execute("vm.memory", numbers("total", total));
            assertReported("vm.memory.total:" + total + "|g");
        }
    }

    // telemetry_metrics_statsd_test: summary metric is reported as StatsD timer
    // telemetry_metrics_statsd_test: distribution metric is reported as StatsD timer
    @Test
    void summaryAndDistributionAreReportedAsTimers() throws IOException {
        startReporter(Metrics.summary("http.request.latency").build());
        for (int latency : new int[] {172, 200, 198}) {
            execute("http.request", numbers("latency", latency));
            assertReported("http.request.latency:" + latency + "|ms");
        }
        sink.close();
        startReporter(Metrics.distribution("http.request.latency").build());
        execute("http.request", numbers("latency", 172));
        assertReported("http.request.latency:172|ms");
    }

    // telemetry_metrics_statsd_test: standard formatter can be provided explicitly
    @Test
    void standardFormatterWithGlobalTags() throws IOException {
        startReporter(Collections.singletonList(Metrics.counter("http.requests").eventName("http", "request")
                .tags("env", "method", "status").build()), "standard", null, Collections.singletonMap("env", "prod"));
        execute("http.request", numbers("latency", 172), meta("method", "GET", "status", 200));
        assertReported("http.requests.prod.GET.200:1|c");
    }

    // telemetry_metrics_statsd_test: DataDog formatter can be used
    @Test
    void datadogFormatter() throws IOException {
        startReporter(Collections.singletonList(Metrics.counter("http.requests").eventName("http", "request")
                .tags("env", "method", "status").build()), "datadog", null, Collections.singletonMap("env", "prod"));
        execute("http.request", numbers("latency", 172), meta("method", "GET", "status", 200));
        assertReported("http.requests:1|c|#env:prod,method:GET,status:200");
        execute("http.request", numbers("latency", 200), meta("method", "POST", "status", 201));
        assertReported("http.requests:1|c|#env:prod,method:POST,status:201");
    }

    // telemetry_metrics_statsd_test: it doesn't crash when tag values are missing with DataDog formatter
    @Test
    void missingTagValuesWithDatadog() throws IOException {
        startReporter(Collections.singletonList(Metrics.counter("http.request.count").tags("method", "status").build()),
                "datadog", null, Collections.<String, String>emptyMap());
        execute("http.request", numbers("latency", 172), meta("method", "GET"));
        assertReported("http.request.count:1|c|#method:GET,status:");
    }

    // telemetry_metrics_statsd_test: measurement function is taken into account when getting the value for the metric
    @Test
    void measurementFunction() throws IOException {
        startReporter(Metrics.lastValue("vm.memory.total").measurement(ms -> ms.get("total").longValue() * 2).build());
        execute("vm.memory", numbers("total", 2001));
        assertReported("vm.memory.total:4002|g");
    }

    // telemetry_metrics_statsd_test: measurement function can take two arguments
    @Test
    void measurementFunctionWithMetadata() throws IOException {
        startReporter(Metrics.lastValue("my.statistics.mean").measurement((ms, meta) ->
                ms.get("sum").longValue() / ((Number) meta.get("sample_size")).longValue()).build());
        execute("my.statistics", numbers("sum", 200), meta("sample_size", 2));
        assertReported("my.statistics.mean:100|g");
        execute("my.statistics", numbers("sum", 300), meta("sample_size", 3));
        assertReported("my.statistics.mean:100|g");
    }

    // telemetry_metrics_statsd_test: there can be multiple metrics derived from the same event
    @Test
    void multipleMetricsFromOneEvent() throws IOException {
        startReporter(Metrics.distribution("http.request.latency").build(), Metrics.sum("http.request.payload_size").build());
        execute("http.request", numbers("latency", 172, "payload_size", 121));
        assertReported("http.request.latency:172|ms\nhttp.request.payload_size:+121|g");
    }

    // telemetry_metrics_statsd_test: global tags can be set
    // telemetry_metrics_statsd_test: event metadata overrides global tags with the same keys
    @Test
    void globalTagsAndMetadataOverridingThem() throws IOException {
        Map<String, String> global = new LinkedHashMap<>();
        global.put("env", "dev");
        global.put("host", "localhost");
        startReporter(Collections.singletonList(Metrics.counter("http.requests").eventName("http", "request")
                .tags("env", "host", "method", "status").build()), "standard", null, global);
        execute("http.request", numbers("latency", 172), meta("method", "GET", "status", 200));
        assertReported("http.requests.dev.localhost.GET.200:1|c");
        execute("http.request", numbers("latency", 172), meta("method", "GET", "status", 200, "host", "example.com"));
        assertReported("http.requests.dev.example.com.GET.200:1|c");
    }

    // telemetry_metrics_statsd_test: tags returned by :tag_values function override global tags with the same keys
    @Test
    void tagValuesOverrideGlobalTags() throws IOException {
        Map<String, String> global = new LinkedHashMap<>();
        global.put("env", "dev");
        global.put("host", "localhost");
        startReporter(Collections.singletonList(Metrics.counter("http.requests").eventName("http", "request")
                .tags("env", "host", "method", "status").tagValues(meta -> {
                    Map<String, Object> out = new HashMap<>(meta);
                    out.put("host", "example.com");
                    return out;
                }).build()), "standard", null, global);
        execute("http.request", numbers("latency", 172), meta("method", "GET", "status", 200));
        assertReported("http.requests.dev.example.com.GET.200:1|c");
    }

    // telemetry_metrics_statsd_test: published metrics are prefixed with the provided prefix
    @Test
    void prefix() throws IOException {
        startReporter(Arrays.asList(Metrics.counter("http.request.count").build(),
                Metrics.distribution("http.request.latency").build(), Metrics.lastValue("http.request.current_memory").build(),
                Metrics.sum("http.request.payload_size").build()), "standard", "myapp", Collections.<String, String>emptyMap());
        execute("http.request", numbers("latency", 200, "current_memory", 200, "payload_size", 200));
        assertReported("myapp.http.request.count:1|c\nmyapp.http.request.latency:200|ms\n"
                + "myapp.http.request.current_memory:200|g\nmyapp.http.request.payload_size:+200|g");
    }

    // telemetry_metrics_statsd_test: non-number measurement prevents the metric from being updated
    @Test
    void nonNumberMeasurementSendsNothing() throws IOException {
        startReporter(Metrics.sum("my.metric").eventName("my", "event").measurement("non_number").build());
        Map<String, Object> raw = new HashMap<>();
        raw.put("non_number", "not_a_number");
        @SuppressWarnings("unchecked")
        Map<String, ? extends Number> measurements = (Map<String, ? extends Number>) (Map<String, ?>) raw;
        execute("my.event", measurements);
        refuteReported();
    }

    // telemetry_metrics_statsd_test: IPv6 end-to-end test
    @Test
    void ipv6EndToEnd() throws IOException {
        server.close();
        server = new DatagramSocket(0, InetAddress.getByName("::1"));
        server.setSoTimeout(5_000);
        int port = server.getLocalPort();
        UdpSender sender = new UdpSender("statsd://[::1]:" + port, "::1", port);
        sink = new StatsdSink("statsd://[::1]:" + port, MetricIndex.of(Collections.singletonList(
                Metrics.counter("http.request.count").build())), StatsdSink.lineBuilder("standard", null,
                Collections.<String, String>emptyMap()), new DatagramPacker(512, sender), sender);
        execute("http.request", numbers("latency", 1));
        assertReported("http.request.count:1|c");
    }

    // telemetry_metrics_statsd_test: respects :keep and :drop options
    @Test
    void keepAndDrop() throws IOException {
        startReporter(Metrics.counter("http.request.count").keep(meta -> Boolean.TRUE.equals(meta.get("keep"))).build(),
                Metrics.summary("http.request.duration").drop(meta -> Boolean.TRUE.equals(meta.get("drop"))).build());
        execute("http.request", numbers("duration", 10), meta("keep", true));
        assertReported("http.request.count:1|c\nhttp.request.duration:10|ms");
        execute("http.request", numbers("duration", 10), meta("keep", true, "drop", true));
        assertReported("http.request.count:1|c");
        execute("http.request", numbers("duration", 10), meta("drop", true));
        refuteReported();
    }
}
