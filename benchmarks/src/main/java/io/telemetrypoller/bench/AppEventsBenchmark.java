package io.telemetrypoller.bench;

import io.telemetrypoller.Telemetry;
import io.telemetrypoller.agent.SinkFactory;
import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.SinkSet;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Application events from 8 threads at once ({@code Telemetry.execute} of a request-like event, as a
 * web application emits one per request) into a Prometheus sink in its zero-config default (every
 * numeric measurement a last value, the metadata as labels), against the same calls with no sink
 * attached ({@code sink=none}: the dispatch's own cost). Each thread builds its metadata map per call
 * from one of 4 routes, as application code does, so that nothing is cached by identity; the map's
 * cost is in both figures. {@code file} is the JSON-lines file sink ({@code sink=file:PATH}, a temporary
 * regular file): application threads append to its bounded buffer and its writer thread writes in
 * batches, so an event costs no write of its own (a full buffer drops, counted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(8)
public class AppEventsBenchmark {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("app", "request", "stop"));
    private static final String[] ROUTES = {"/orders", "/orders/{id}", "/users", "/health"};

    @Param({"none", "prometheus", "file"})
    public String sink;

    private SinkSet sinks;
    private File file;

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (sink.equals("prometheus")) {
            Sink prometheus = PrometheusSink.start("prometheus://127.0.0.1:0", "127.0.0.1", 0,
                    MetricIndex.of(Collections.emptyList()), Collections.emptyMap());
            sinks = new SinkSet(Collections.singletonList(prometheus));
            sinks.attach();
        } else if (sink.equals("file")) {
            file = File.createTempFile("app-events", ".jsonl");
            AgentConfig config = ConfigParser.parse("sink=file:" + file.getAbsolutePath());
            sinks = new SinkSet(Collections.singletonList(SinkFactory.create(config.sinks().get(0), config)));
            sinks.attach();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (sinks != null) {
            sinks.detach();
            if (file != null) {
                Sink fileSink = sinks.sinks().get(0);
                System.err.println("file sink: " + fileSink.sent() + " lines written, " + fileSink.dropped() + " dropped");
            }
            sinks.close();
        }
        if (file != null) {
            file.delete();
        }
    }

    /** One thread's rotating choice of route and duration. */
    @State(Scope.Thread)
    public static class Caller {
        int n;
    }

    @Benchmark
    public void execute(Caller caller) {
        int n = caller.n++;
        Map<String, Object> metadata = new HashMap<>(4);
        metadata.put("route", ROUTES[n & 3]);
        metadata.put("status", 200);
        Map<String, Number> measurements = Collections.singletonMap("duration", (long) (n & 1023));
        Telemetry.execute(EVENT, measurements, metadata);
    }
}
