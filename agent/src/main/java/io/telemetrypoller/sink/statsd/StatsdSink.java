package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.MetricRecorder;
import io.telemetrypoller.sink.Sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code statsd://HOST:PORT} sink: metric updates as StatsD lines over UDP, in the {@code standard}
 * (Etsy) or {@code datadog} flavour, e.g. for the zero-config metrics of one poll:
 *
 * <pre>
 * vm.memory.total:49670008|g
 * vm.memory_pool.used.G1_Eden_Space.heap:4194304|g
 * vm.total_run_queue_lengths.total:0|g
 * </pre>
 *
 * Lines are packed into datagrams up to the MTU ({@code statsd_mtu}, default 512). Lines made on a
 * poller thread wait for the end of the poll ({@link #flush}); those made on any other thread are sent
 * when their event is done, so nothing waits for the next poll.
 *
 * <p>Thread rules: {@link #accept} from any thread, concurrently; it never blocks on the network.
 */
public final class StatsdSink implements Sink {
    private static final ThreadLocal<StringBuilder> LINE = new ThreadLocal<StringBuilder>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(128);
        }
    };

    private final String description;
    private final MetricIndex index;
    private final StatsdLineBuilder lines;
    private final DatagramPacker packer;
    private final UdpSender sender;
    private final MetricRecorder recorder = this::record;

    StatsdSink(String description, MetricIndex index, StatsdLineBuilder lines, DatagramPacker packer,
               UdpSender sender) {
        this.description = description;
        this.index = index;
        this.lines = lines;
        this.packer = packer;
        this.sender = sender;
    }

    /** The sink of a {@code statsd://} spec: its metrics, format, prefix, tags and MTU from the config. */
    public static StatsdSink create(SinkSpec spec, AgentConfig config) throws ConfigException, IOException {
        List<MetricDefinition> metrics = config.metrics();
        UdpSender sender = new UdpSender(spec.text(), spec.host(), spec.port());
        return new StatsdSink(spec.text(), MetricIndex.of(metrics),
                lineBuilder(config.statsdFormat(), config.prefix(), config.tags()),
                new DatagramPacker(config.statsdMtu(), sender), sender);
    }

    /** {@code standard} or {@code datadog}. */
    static StatsdLineBuilder lineBuilder(String format, String prefix, Map<String, String> tags) {
        return "datadog".equals(format) ? new DatadogLineBuilder(prefix, tags) : new EtsyLineBuilder(prefix, tags);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        index.dispatch(event, measurements, metadata, recorder);
    }

    private void record(MetricDefinition metric, double measured, Map<String, ?> metadata) {
        double rate = metric.samplingRate();
        if (rate < 1.0 && ThreadLocalRandom.current().nextDouble() >= rate) {
            return;
        }
        StringBuilder line = LINE.get();
        line.setLength(0);
        if (lines.append(line, metric, metric.convert(measured), metadata)) {
            packer.add(line);
        }
    }

    @Override
    public void flush() {
        packer.flush();
    }

    @Override
    public void close() throws IOException {
        packer.flush();
        if (sender != null) {
            sender.close();
        }
    }

    /** Datagrams sent. */
    @Override
    public long sent() {
        return sender == null ? 0 : sender.sent();
    }

    /** Datagrams dropped: no address yet, a full socket buffer or an I/O error. */
    @Override
    public long dropped() {
        return (sender == null ? 0 : sender.dropped()) + index.notANumber();
    }
}
