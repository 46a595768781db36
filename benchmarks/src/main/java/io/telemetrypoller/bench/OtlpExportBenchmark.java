package io.telemetrypoller.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.telemetrypoller.Measurement;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import io.telemetrypoller.sink.otlp.OtlpBenchPath;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One default poll (memory, total_run_queue_lengths, system_counts, as measured in this JVM) encoded, and
 * encoded and sent, as OTLP/HTTP protobuf: by the agent's otlp sink path and by the OpenTelemetry Java
 * SDK (1.68: asynchronous gauges observing the very same points, its MetricReader collection, its
 * {@code MetricsRequestMarshaler} and its {@code OtlpHttpMetricExporter}), side by side in one run, to a
 * receiver on loopback in this JVM that answers 200 (its cost is in both). Run with {@code -prof gc};
 * the {@code export} benchmarks also print the process's CPU time per export at each iteration's end
 * ("cpu/op"), since the SDK's exporter works on threads of its own (OkHttp's), which JMH's time per
 * operation sees only as waiting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(2)
public class OtlpExportBenchmark {
    private HttpServer receiver;
    private final List<OtlpBenchPath.Event> poll = new ArrayList<>();
    private OtlpBenchPath ours;
    private PullReader reader;
    private SdkMeterProvider provider;
    private OtlpHttpMetricExporter sdkExporter;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long opsAtStart;
    private long ops;

    /** A MetricReader that collects when asked, as a periodic reader does on its own thread. */
    static final class PullReader implements MetricReader {
        private volatile CollectionRegistration registration;

        @Override
        public void register(CollectionRegistration r) {
            registration = r;
        }

        Collection<MetricData> collect() {
            return registration.collectAllMetrics();
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/v1/metrics", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(ByteArrayOutputStream.nullOutputStream());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics";

        Telemetry.attachMany("otlp-bench", Arrays.asList(Arrays.asList("vm", "memory"), Arrays.asList("vm", "memory_pool"),
                Arrays.asList("vm", "total_run_queue_lengths"), Arrays.asList("vm", "system_counts")),
                (event, measurements, metadata, config) -> poll.add(new OtlpBenchPath.Event(event,
                        new LinkedHashMap<>(measurements), new LinkedHashMap<>(metadata))), null);
        for (String name : new String[] {"memory", "total_run_queue_lengths", "system_counts"}) {
            Measurement m = BuiltInMeasurements.create(name);
            m.measure();
        }
        Telemetry.detach("otlp-bench");

        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "bench");
        resource.put("host.name", "localhost");
        ours = new OtlpBenchPath(resource, new URL(endpoint), false);

        reader = new PullReader();
        io.opentelemetry.api.common.AttributesBuilder res = Attributes.builder();
        resource.forEach(res::put);
        provider = SdkMeterProvider.builder().setResource(Resource.create(res.build())).registerMetricReader(reader).build();
        Meter meter = provider.meterBuilder("telemetry-poller").setInstrumentationVersion("0.1.0").build();
        for (OtlpBenchPath.Metric metric : ours.metrics(poll)) {
            meter.gaugeBuilder(metric.name).setUnit(metric.unit).buildWithCallback(observer -> {
                for (int i = 0; i < metric.numbers.size(); i++) {
                    AttributesBuilder a = Attributes.builder();
                    String[] keys = metric.keys.get(i);
                    String[] values = metric.values.get(i);
                    for (int k = 0; k < keys.length; k++) {
                        a.put(keys[k], values[k]);
                    }
                    observer.record(metric.numbers.get(i), a.build());
                }
            });
        }
        sdkExporter = OtlpHttpMetricExporter.builder().setEndpoint(endpoint).build();
        System.out.println("otlp bench: " + poll.size() + " events, " + ours.metrics(poll).size() + " metrics; ours "
                + ours.encode(poll).length + " bytes, the SDK's " + sdkEncode().length + " bytes");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sdkExporter.shutdown().join(10, TimeUnit.SECONDS);
        provider.shutdown().join(10, TimeUnit.SECONDS);
        receiver.stop(0);
    }

    @Setup(Level.Iteration)
    public void cpuStart() {
        cpuAtStart = os.getProcessCpuTime();
        opsAtStart = ops;
    }

    @TearDown(Level.Iteration)
    public void cpuEnd() {
        long n = ops - opsAtStart;
        if (n > 0) {
            System.out.println("cpu/op: " + (os.getProcessCpuTime() - cpuAtStart) / n / 1000 + " us (" + n + " exports)");
        }
    }

    @Benchmark
    public byte[] oursEncode() {
        return ours.encode(poll);
    }

    @Benchmark
    public byte[] sdkEncode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetricsRequestMarshaler.create(reader.collect()).writeBinaryTo(out);
        return out.toByteArray();
    }

    @Benchmark
    public int oursExport() throws IOException {
        ops++;
        return ours.export(poll);
    }

    @Benchmark
    public boolean sdkExport() {
        ops++;
        return sdkExporter.export(reader.collect()).join(10, TimeUnit.SECONDS).isSuccess();
    }
}
