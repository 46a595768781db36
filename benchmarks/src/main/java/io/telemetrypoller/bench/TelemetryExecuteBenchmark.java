package io.telemetrypoller.bench;

import io.telemetrypoller.Handler;
import io.telemetrypoller.Telemetry;
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

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Telemetry#execute} with 0, 1 and 10 handlers attached to the emitted event, each handler a no-op
 * that only hands the measurements to a {@link Blackhole} (passed as the handler's config, so the handler
 * allocates nothing itself). The event, measurements and metadata are built once: whatever
 * {@code -prof gc} reports per op is the dispatch's own allocation.
 *
 * <p>{@code otherHandlers} attaches handlers to a different event of the same length, which the dispatch
 * must skip (hash compare), to show the cost of handlers that do not match.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TelemetryExecuteBenchmark {
    private static final Handler NO_OP = (event, measurements, metadata, config) ->
            ((Blackhole) config).consume(measurements);

    @Param({"0", "1", "10"})
    public int handlers;

    @Param({"0"})
    public int otherHandlers;

    private List<String> event;
    private Map<String, Number> measurements;
    private Map<String, Object> metadata;

    @Setup(Level.Trial)
    public void attach(Blackhole bh) {
        event = Collections.unmodifiableList(Arrays.asList("vm", "memory"));
        measurements = new LinkedHashMap<>();
        measurements.put("total", 123_456_789L);
        measurements.put("heap_used", 23_456_789L);
        metadata = Collections.emptyMap();
        for (int i = 0; i < handlers; i++) {
            Telemetry.attach("bench-" + i, Arrays.asList("vm", "memory"), NO_OP, bh);
        }
        for (int i = 0; i < otherHandlers; i++) {
            Telemetry.attach("bench-other-" + i, Arrays.asList("vm", "other" + i), NO_OP, bh);
        }
    }

    @TearDown(Level.Trial)
    public void detach() {
        for (int i = 0; i < handlers; i++) {
            Telemetry.detach("bench-" + i);
        }
        for (int i = 0; i < otherHandlers; i++) {
            Telemetry.detach("bench-other-" + i);
        }
    }

    @Benchmark
    public void execute() {
        Telemetry.execute(event, measurements, metadata);
    }
}
