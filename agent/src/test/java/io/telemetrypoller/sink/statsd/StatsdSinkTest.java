package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.SinkSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sink over real UDP on loopback. */
class StatsdSinkTest {
    private DatagramSocket server;
    private StatsdSink sink;

    @AfterEach
    void close() throws IOException {
        if (sink != null) {
            sink.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void zeroConfigEventFromAnApplicationThreadIsSentAtOnce() throws Exception {
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5_000);
        sink = sink(server.getLocalPort(), "standard", Collections.<MetricDefinition>emptyList(), 512);
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("total", 49670008L);
        m.put("cpu", 0);
        emit(Arrays.asList("vm", "total_run_queue_lengths"), m, Collections.<String, Object>emptyMap());
        assertEquals("vm.total_run_queue_lengths.total:49670008|g\nvm.total_run_queue_lengths.cpu:0|g", receive());
        assertEquals(1, sink.sent());
    }

    @Test
    void datadogLinesOfDefinedMetrics() throws Exception {
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5_000);
        List<MetricDefinition> metrics = Arrays.asList(
                Metrics.lastValue("vm.memory.total").unit("byte", "kilobyte").build(),
                Metrics.counter("vm.memory.polls").build());
        sink = sink(server.getLocalPort(), "datadog", metrics, 512);
        emit(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 1500), Collections.<String, Object>emptyMap());
        assertEquals("app.vm.memory.total:1.5|g|#env:test\napp.vm.memory.polls:1|c|#env:test", receive());
    }

    @Test
    void anAbsentServerThrowsNothing() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        sink = sink(port, "standard", Collections.<MetricDefinition>emptyList(), 512);
        for (int i = 0; i < 200; i++) {
            emit(Arrays.asList("vm", "memory"), Collections.singletonMap("total", i),
                    Collections.<String, Object>emptyMap());
        }
        assertEquals(200, sink.sent() + sink.dropped());
    }

    @Test
    void anUnresolvableHostDropsAndCounts() throws Exception {
        UdpSender sender = new UdpSender("statsd://no-such-host.invalid:8125", "no-such-host.invalid", 8125);
        sink = new StatsdSink("statsd://no-such-host.invalid:8125", MetricIndex.of(Collections.<MetricDefinition>emptyList()),
                StatsdSink.lineBuilder("standard", null, Collections.<String, String>emptyMap()),
                new DatagramPacker(512, sender), sender);
        emit(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 1), Collections.<String, Object>emptyMap());
        assertEquals(1, sink.dropped());
        assertEquals(0, sink.sent());
    }

    /** As the agent delivers an event from an application thread: through the sink set, flushed at once. */
    private void emit(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        new SinkSet(Collections.<Sink>singletonList(sink)).handleEvent(event, measurements, metadata, null);
    }

    private StatsdSink sink(int port, String format, List<MetricDefinition> metrics, int mtu) throws IOException {
        Map<String, String> tags = "datadog".equals(format) ? Collections.singletonMap("env", "test")
                : Collections.<String, String>emptyMap();
        UdpSender sender = new UdpSender("statsd://127.0.0.1:" + port, "127.0.0.1", port);
        return new StatsdSink("statsd://127.0.0.1:" + port, MetricIndex.of(metrics),
                StatsdSink.lineBuilder(format, "datadog".equals(format) ? "app" : null, tags),
                new DatagramPacker(mtu, sender), sender);
    }

    private String receive() throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }
}
