package io.telemetrypoller.bench;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.statsd.MicrometerStatsdAccess;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.agent.SinkFactory;
import io.telemetrypoller.sink.prometheus.PrometheusSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reporters' cost on the series of one default poll (the events {@code memory},
 * {@code total_run_queue_lengths} and {@code system_counts} emit: about 11 events, 45 series, captured
 * once from the real measurements and replayed), next to the peers on equivalent gauges. One op is one
 * poll's worth: divide by the series count printed at set-up for a cost per series (StatsD line).
 *
 * <ul>
 *   <li>{@code statsdSink}: telemetry-poller's StatsD sink, zero-config (every measurement a gauge):
 *       line building, packing into datagrams and the non-blocking send, all on the calling thread, to a
 *       bound loopback UDP socket that nobody reads (the kernel drops what overflows it).</li>
 *   <li>{@code statsdSinkNoSend}: the same sink with a server name that never resolves, so every datagram
 *       is dropped before the socket: its line building and packing alone.</li>
 *   <li>{@code micrometerStatsdLines}: Micrometer's StatsD registry (Etsy flavour) with the same gauges,
 *       polled as its scheduler does, lines handed to a no-op line sink: its line building only.</li>
 *   <li>{@code micrometerStatsdUdp}: the same registry with its own Reactor Netty UDP client to the same
 *       socket; this measures the polling thread only, the datagrams leave on Netty's event loop.</li>
 *   <li>{@code prometheusAccept}: the Prometheus sink's update of its store with the poll's events.</li>
 *   <li>{@code prometheusRender}: one scrape's body, as the sink's HTTP handler renders it (UTF-8 bytes).</li>
 *   <li>{@code prometheusHttpScrape}: a real {@code GET /metrics} over loopback (keep-alive).</li>
 *   <li>{@code jmxExporterScrape}: the Prometheus JMX exporter's collector (io.prometheus.jmx:collector,
 *       the one inside jmx_prometheus_javaagent) on the same values read from their MBeans (rules
 *       below), written in the same text format: a scrape without HTTP.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReporterBenchmark {
    /** The values of the default poll from their MBeans, as the JMX exporter is configured for them. */
    static final String JMX_EXPORTER_CONFIG = String.join("\n",
            "includeObjectNames: [\"java.lang:type=Memory\", \"java.lang:type=MemoryPool,*\",",
            "  \"java.nio:type=BufferPool,*\", \"java.lang:type=Threading\", \"java.lang:type=ClassLoading\",",
            "  \"java.lang:type=OperatingSystem\"]",
            "rules:",
            "  - pattern: 'java.lang<type=Memory><(HeapMemoryUsage|NonHeapMemoryUsage)>(used|committed|max)'",
            "    name: vm_memory_$1_$2_bytes",
            "    type: GAUGE",
            "  - pattern: 'java.lang<type=MemoryPool, name=(.+)><Usage>(used|committed|max)'",
            "    name: vm_memory_pool_$2_bytes",
            "    labels: {pool: \"$1\"}",
            "    type: GAUGE",
            "  - pattern: 'java.nio<type=BufferPool, name=(.+)><>MemoryUsed'",
            "    name: vm_memory_buffer_bytes",
            "    labels: {pool: \"$1\"}",
            "    type: GAUGE",
            "  - pattern: 'java.lang<type=Threading><>(ThreadCount|DaemonThreadCount|PeakThreadCount)'",
            "    name: vm_system_counts_$1",
            "    type: GAUGE",
            "  - pattern: 'java.lang<type=ClassLoading><>LoadedClassCount'",
            "    name: vm_system_counts_loaded_class_count",
            "    type: GAUGE",
            "  - pattern: 'java.lang<type=OperatingSystem><>(OpenFileDescriptorCount|MaxFileDescriptorCount)'",
            "    name: vm_system_counts_$1",
            "    type: GAUGE",
            "");

    /** One captured event. */
    static final class Event {
        final List<String> name;
        final Map<String, Number> measurements;
        final Map<String, Object> metadata;

        Event(List<String> name, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
            this.name = new ArrayList<>(name);
            this.measurements = new LinkedHashMap<>(measurements);
            this.metadata = new LinkedHashMap<>(metadata);
        }
    }

    /** telemetry-poller's {@code statsd_mtu} (512 by default; Micrometer packs up to 1,400 bytes). */
    @Param({"512"})
    public int statsdMtu;

    private List<Event> events;
    private int series;
    private DatagramChannel receiver;
    private Sink statsd;
    private Sink statsdNoSend;
    private PrometheusSink prometheus;
    private URL metricsUrl;
    private StatsdMeterRegistry micrometerLines;
    private StatsdMeterRegistry micrometerUdp;
    private final byte[] readBuf = new byte[64 * 1024];
    private PrometheusRegistry jmxRegistry;
    private final PrometheusTextFormatWriter textFormat = new PrometheusTextFormatWriter(false);
    private final ByteArrayOutputStream scrapeOut = new ByteArrayOutputStream(64 * 1024);

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws Exception {
        events = capture();
        for (Event e : events) {
            series += e.measurements.size();
        }
        System.out.println("reporters: " + events.size() + " events, " + series + " series per poll");

        receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        statsd = sink("sink=statsd://127.0.0.1:" + port + ",statsd_mtu=" + statsdMtu);
        // a name that never resolves: every datagram is dropped before the socket, so this is the line
        // building and packing alone (resolution is retried on another thread every 5 s)
        statsdNoSend = sink("sink=statsd://telemetry-bench.invalid:8125,statsd_mtu=" + statsdMtu);
        prometheus = (PrometheusSink) sink("sink=prometheus://127.0.0.1:0");
        metricsUrl = new URL("http://127.0.0.1:" + prometheus.port() + "/metrics");
        for (Event e : events) {
            prometheus.accept(e.name, e.measurements, e.metadata);
        }

        micrometerLines = StatsdMeterRegistry.builder(micrometerConfig(port))
                .clock(Clock.SYSTEM).lineSink(bh::consume).build();
        register(micrometerLines, events);
        micrometerUdp = StatsdMeterRegistry.builder(micrometerConfig(port)).clock(Clock.SYSTEM).build();
        register(micrometerUdp, events);

        jmxRegistry = new PrometheusRegistry();
        new JmxCollector(JMX_EXPORTER_CONFIG).register(jmxRegistry);
        System.out.println("reporters: ours " + prometheus.render().length() + " bytes a scrape, "
                + "the JMX exporter " + jmxExporterScrape() + " bytes");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        statsd.close();
        statsdNoSend.close();
        prometheus.close();
        micrometerLines.close();
        micrometerUdp.close();
        receiver.close();
    }

    @Benchmark
    public void statsdSink() throws Exception {
        List<Event> es = events;
        for (int i = 0; i < es.size(); i++) {
            Event e = es.get(i);
            statsd.accept(e.name, e.measurements, e.metadata);
        }
        statsd.flush();
    }

    @Benchmark
    public void statsdSinkNoSend() throws Exception {
        List<Event> es = events;
        for (int i = 0; i < es.size(); i++) {
            Event e = es.get(i);
            statsdNoSend.accept(e.name, e.measurements, e.metadata);
        }
        statsdNoSend.flush();
    }

    @Benchmark
    public void micrometerStatsdLines() {
        MicrometerStatsdAccess.poll(micrometerLines);
    }

    @Benchmark
    public void micrometerStatsdUdp() {
        MicrometerStatsdAccess.poll(micrometerUdp);
    }

    @Benchmark
    public void prometheusAccept() {
        List<Event> es = events;
        for (int i = 0; i < es.size(); i++) {
            Event e = es.get(i);
            prometheus.accept(e.name, e.measurements, e.metadata);
        }
    }

    @Benchmark
    public byte[] prometheusRender() {
        return prometheus.render().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public int prometheusHttpScrape() throws IOException {
        HttpURLConnection c = (HttpURLConnection) metricsUrl.openConnection();
        int total = 0;
        try (InputStream in = c.getInputStream()) {
            int n;
            while ((n = in.read(readBuf)) > 0) {
                total += n;
            }
        }
        return total;
    }

    @Benchmark
    public int jmxExporterScrape() throws IOException {
        scrapeOut.reset();
        textFormat.write(scrapeOut, jmxRegistry.scrape());
        return scrapeOut.size();
    }

    /** The events of one default poll, copied. */
    static List<Event> capture() throws Exception {
        List<Event> captured = new ArrayList<>();
        Telemetry.attachAll("reporter-capture", (e, m, md, c) -> captured.add(new Event(e, m, md)), null);
        try {
            for (String name : MeasurementSpec.DEFAULTS) {
                io.telemetrypoller.Measurement m = BuiltInMeasurements.create(name);
                m.measure();
                m.close();
            }
        } finally {
            Telemetry.detach("reporter-capture");
        }
        return Collections.unmodifiableList(captured);
    }

    static Sink sink(String options) throws Exception {
        AgentConfig config = ConfigParser.parse(options);
        return SinkFactory.create(config.sinks().get(0), config);
    }

    static StatsdConfig micrometerConfig(int port) {
        Map<String, String> values = new HashMap<>();
        values.put("statsd.port", Integer.toString(port));
        values.put("statsd.host", "127.0.0.1");
        return new StatsdConfig() {
            @Override
            public String get(String key) {
                return values.get(key);
            }

            @Override
            public StatsdFlavor flavor() {
                return StatsdFlavor.ETSY;
            }

            @Override
            public Duration pollingFrequency() {
                return Duration.ofHours(1); // the benchmark polls
            }
        };
    }

    /** The captured series as Micrometer gauges: the event name and key as the name, metadata as tags. */
    static void register(StatsdMeterRegistry registry, List<Event> events) {
        for (Event e : events) {
            List<Tag> tags = new ArrayList<>();
            for (Map.Entry<String, Object> t : e.metadata.entrySet()) {
                tags.add(Tag.of(t.getKey(), String.valueOf(t.getValue())));
            }
            for (Map.Entry<String, Number> m : e.measurements.entrySet()) {
                Number value = m.getValue();
                Gauge.builder(String.join(".", e.name) + "." + m.getKey(), value, Number::doubleValue)
                        .tags(tags).strongReference(true).register(registry);
            }
        }
    }
}
