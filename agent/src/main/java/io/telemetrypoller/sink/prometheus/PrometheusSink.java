package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.PollerConfig;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.OtelJvmMetrics;
import io.telemetrypoller.sink.Sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code prometheus://HOST:PORT} sink: keeps the latest value of every metric and serves them at
 * {@code http://HOST:PORT/metrics} in the text exposition format 0.0.4 (names: {@link PrometheusNames}),
 * e.g. for the zero-config metrics:
 *
 * <pre>
 * # HELP vm_memory_pool_used_bytes last_value of vm.memory_pool.used (byte)
 * # TYPE vm_memory_pool_used_bytes gauge
 * vm_memory_pool_used_bytes{pool="G1 Eden Space",type="heap"} 4194304.0
 * # HELP vm_memory_total_bytes last_value of vm.memory.total (byte)
 * # TYPE vm_memory_total_bytes gauge
 * vm_memory_total_bytes 4.9670008E7
 * </pre>
 *
 * <p>Thread rules: {@link #accept} from any thread, lock-free; scrapes render on the server's thread
 * ({@link MetricsHttpServer}).
 */
public final class PrometheusSink implements Sink {
    private final String description;
    private final MetricIndex index;
    private final MetricStore store;
    private final MetricsHttpServer server;
    /** naming=otel's table, or null. */
    private volatile OtelJvmMetrics otel;

    PrometheusSink(String description, MetricIndex index, MetricStore store, MetricsHttpServer server) {
        this.description = description;
        this.index = index;
        this.store = store;
        this.server = server;
    }

    /**
     * Parses the metrics, checks their names, and binds the port (a port in use throws here, with one
     * line naming it). Port 0 takes a free port; {@link #description()} then shows the one taken.
     */
    public static PrometheusSink create(SinkSpec spec, AgentConfig config) throws ConfigException, IOException {
        List<MetricDefinition> metrics = config.metrics();
        MetricStore.checkNames(metrics);
        PrometheusSink sink = start(spec.text(), spec.host(), spec.port(), MetricIndex.of(metrics), config.tags(),
                slowestPeriod(config));
        if ("otel".equals(config.naming())) {
            sink.useOtelNames(new OtelJvmMetrics(config.measures("thread_states")));
        }
        return sink;
    }

    /**
     * naming=otel: the built-in events under the OpenTelemetry names, as OpenTelemetry's Prometheus
     * exporter writes them ({@code jvm_memory_used_bytes{jvm_memory_type="heap",...}}). Before any event.
     */
    void useOtelNames(OtelJvmMetrics table) {
        store.useOtelKinds(table.kinds());
        otel = table;
    }

    /** Starts a sink for these metrics (empty: the zero-config default) on {@code host:port}. */
    public static PrometheusSink start(String description, String host, int port, MetricIndex index,
                                       Map<String, String> globalTags) throws IOException {
        return start(description, host, port, index, globalTags, PollerConfig.DEFAULT_PERIOD_MS);
    }

    /**
     * The same, removing at each scrape the last values whose source has not reported them for 10
     * periods of {@code periodMillis} (see {@link GaugeSeries#expired}).
     */
    public static PrometheusSink start(String description, String host, int port, MetricIndex index,
                                       Map<String, String> globalTags, long periodMillis) throws IOException {
        MetricStore store = new MetricStore(description, globalTags, periodMillis);
        MetricsHttpServer server = new MetricsHttpServer(description, host, port, () -> {
            store.expire(System.nanoTime());
            return scrape(store);
        });
        String shown = port == 0 ? "prometheus://" + bracketed(host) + ":" + server.port() : description;
        return new PrometheusSink(shown, index, store, server);
    }

    /** An IPv6 literal as a URL writes it ({@code [::1]}), so that its port can be told from it. */
    static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        OtelJvmMetrics table = otel;
        if (table != null) {
            table.dispatch(event, measurements, metadata, index, store);
        } else {
            index.dispatch(event, measurements, metadata, store);
        }
    }

    /** The period series expire by: the slowest poller's, so that none of its series expires between two polls. */
    static long slowestPeriod(AgentConfig config) {
        long period = 0;
        for (PollerConfig p : config.pollers()) {
            period = Math.max(period, p.periodMs());
        }
        return period > 0 ? period : PollerConfig.DEFAULT_PERIOD_MS;
    }

    /** Counts polls, so that a series expires only after polls went on without it (see {@link MetricStore#expire}). */
    @Override
    public void pollCompleted() {
        store.pollCompleted();
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Waits until the endpoint's thread serves (the port listens from the start); false on timeout or failure. */
    public boolean awaitStarted(long millis) throws InterruptedException {
        return server.awaitStarted(millis);
    }

    /** Scrapes answered. */
    @Override
    public long sent() {
        return server.scrapes();
    }

    /** Updates left out: past the series limit, a Prometheus name taken, or past the zero-config limit. */
    @Override
    public long dropped() {
        return store.dropped() + index.dropped() + index.notANumber();
    }

    /** The body of a scrape. */
    public String render() {
        store.expire(System.nanoTime());
        StringBuilder out = new StringBuilder(4096);
        store.render(out);
        return out.toString();
    }

    private static byte[] scrape(MetricStore store) {
        StringBuilder page = new StringBuilder(16 * 1024);
        store.render(page);
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
