package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.OtelJvmMetrics;
import io.telemetrypoller.sink.Sink;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code otlp://HOST:PORT[/path]} sink: aggregates events into the metric definitions' values
 * ({@link MetricAggregator}, on the emitting threads) and exports them as OTLP/HTTP (protobuf, or JSON) on its own
 * daemon thread every period. Delivery never waits on the host: requests queue in a bounded buffer
 * (oldest dropped and counted when the collector is slower than the period), 429/502/503/504 are retried
 * with backoff honouring Retry-After (bounded), other answers and failures are reported once each and
 * counted, and at close one last export runs with about a second of timeouts.
 */
public final class OtlpSink implements Sink {
    static final String THREAD_NAME = "telemetry-poller-otlp";
    static final int MAX_PENDING = 8;
    static final int MAX_ATTEMPTS = 5;
    static final long MAX_BACKOFF_MS = 30_000;
    static final int LAST_EXPORT_TIMEOUT_MS = 450;
    static final long EXIT_WAIT_MS = 1000;

    private final String description;
    private final MetricIndex index;
    private final MetricAggregator aggregator;
    /** naming=otel's table, or null. */
    private final OtelJvmMetrics otel;
    private final RequestEncoding encoder;
    private final OtlpHttpSender sender;
    private final boolean delta;
    private final long periodMs;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong droppedRequests = new AtomicLong();
    private final AtomicLong rejectedPoints = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    OtlpSink(String description, MetricIndex index, OtelJvmMetrics otel, MetricAggregator aggregator,
             RequestEncoding encoder, OtlpHttpSender sender, boolean delta, long periodMs) {
        this.description = description;
        this.otel = otel;
        this.index = index;
        this.aggregator = aggregator;
        this.encoder = encoder;
        this.sender = sender;
        this.delta = delta;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** The sink of {@code spec} for the agent's metrics, exporting every slowest poller period. */
    public static OtlpSink create(io.telemetrypoller.config.SinkSpec spec, io.telemetrypoller.config.AgentConfig config)
            throws io.telemetrypoller.config.ConfigException {
        long period = 0;
        for (io.telemetrypoller.config.PollerConfig p : config.pollers()) {
            period = Math.max(period, p.periodMs());
        }
        if (period <= 0) {
            period = io.telemetrypoller.config.PollerConfig.DEFAULT_PERIOD_MS;
        }
        return start(OtlpSettings.resolve(spec, System.getenv(), config.otlpTemporality(),
                config.otlpProtocol(), config.otlpHeaders()), MetricIndex.of(config.metrics()), config.tags(),
                period, "otel".equals(config.naming()), config.measures("thread_states"));
    }

    /** Starts a sink (the exporter thread starts here). */
    public static OtlpSink start(OtlpSettings settings, MetricIndex index, Map<String, String> globalTags,
                                 long periodMs, boolean otelNames, boolean threadStates) {
        OtelJvmMetrics otel = otelNames ? new OtelJvmMetrics(threadStates) : null;
        RequestEncoding encoding = RequestEncoding.of(settings.json(), settings.resource(), settings.scopeVersion());
        OtlpSink sink = new OtlpSink(settings.description(), index, otel,
                new MetricAggregator(settings.description(), globalTags, OtlpKind.of(otel)), encoding,
                new OtlpHttpSender(settings.url(), encoding.contentType(), settings.headers()),
                settings.delta(), periodMs);
        sink.thread.start();
        sink.exportAtExit();
        return sink;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void accept(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        if (otel != null) {
            otel.dispatch(event, measurements, metadata, index, aggregator);
        } else {
            index.dispatch(event, measurements, metadata, aggregator);
        }
    }

    private void run() {
        try {
            while (!closing) {
                synchronized (this) {
                    if (!closing) {
                        wait(periodMs);
                    }
                }
                enqueue(collect());
                drain(false);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (Throwable t) {
            AgentLog.error("sink " + description + ": the exporter stopped: " + sender.redact(String.valueOf(t)));
            sender.close();
            return;
        }
        enqueue(collect());
        drain(true);
        sender.close();
    }

    private byte[] collect() {
        List<MetricSnapshot> metrics = aggregator.collect(delta, EpochNanos.now());
        return metrics.isEmpty() ? null : encoder.encode(metrics, delta);
    }

    private void enqueue(byte[] request) {
        if (request == null) {
            return;
        }
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING) {
                pending.removeFirst();
                droppedRequests.incrementAndGet();
                AgentLog.warnOnce("otlp-buffer:" + description, "sink " + description + ": the collector is slower"
                        + " than the export period; the oldest requests are dropped (counted)");
            }
            pending.addLast(request);
        }
    }

    private void drain(boolean last) {
        while (true) {
            byte[] request;
            synchronized (pending) {
                request = pending.pollFirst();
            }
            if (request == null) {
                return;
            }
            if (last) {
                // only the newest state matters at exit (cumulative), and the exit waits ~1 s at most
                synchronized (pending) {
                    droppedRequests.addAndGet(pending.size());
                    pending.clear();
                }
            }
            send(request, last);
        }
    }

    private void send(byte[] request, boolean last) {
        long backoffMs = 1000;
        for (int attempt = 1; ; attempt++) {
            OtlpHttpSender.Response r;
            try {
                r = last ? sender.post(request, LAST_EXPORT_TIMEOUT_MS, LAST_EXPORT_TIMEOUT_MS) : sender.post(request);
            } catch (ConnectException e) {
                dropped("connect", "cannot connect (" + sender.redact(e.getMessage()) + ")");
                return;
            } catch (IOException e) {
                dropped("io", e.getClass().getSimpleName() + ": " + sender.redact(e.getMessage()));
                return;
            }
            if (r.status >= 200 && r.status < 300) {
                sent.incrementAndGet();
                long rejected = encoder.rejectedPoints(r.body);
                if (rejected > 0) {
                    rejectedPoints.addAndGet(rejected);
                    AgentLog.warnOnce("otlp-partial:" + description, "sink " + description + ": the collector"
                            + " rejected " + rejected + " data points (partial success; reported once, counted)");
                }
                return;
            }
            boolean retryable = r.status == 429 || r.status == 502 || r.status == 503 || r.status == 504;
            if (!retryable || last || closing || attempt >= MAX_ATTEMPTS) {
                dropped("status-" + r.status, "the collector answered HTTP " + r.status
                        + (retryable ? " " + attempt + " times" : ""));
                return;
            }
            long waitMs = Math.min(MAX_BACKOFF_MS, retryAfterMs(r.retryAfter, backoffMs));
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            try {
                synchronized (this) {
                    if (!closing && waitMs > 0) { // wait(0) would wait for ever
                        wait(waitMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                droppedRequests.incrementAndGet();
                return;
            }
        }
    }

    /** Retry-After in seconds (the HTTP-date form falls back to the backoff). */
    static long retryAfterMs(String retryAfter, long backoffMs) {
        if (retryAfter != null) {
            try {
                long s = Long.parseLong(retryAfter.trim());
                if (s >= 0) {
                    return Math.min(s, MAX_BACKOFF_MS / 1000) * 1000;
                }
            } catch (NumberFormatException e) {
                // a date
            }
        }
        return backoffMs;
    }

    private void dropped(String key, String why) {
        droppedRequests.incrementAndGet();
        AgentLog.warnOnce("otlp-" + key + ":" + description, "sink " + description + ": export failed: " + why
                + "; this request is dropped (reported once; counted in the sink's dropped)");
    }

    /**
     * At JVM exit the exporter sends what it holds once more, with short timeouts; the hook waits for it
     * {@link #EXIT_WAIT_MS} at most, so the exit is never held longer (hooks run concurrently).
     */
    private void exportAtExit() {
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                close();
                try {
                    thread.join(EXIT_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, THREAD_NAME + "-exit");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is exiting already: nothing more will be exported
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public boolean awaitIdle(long deadlineNanos) {
        if (!closing) {
            return true;
        }
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (left > 0) {
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !thread.isAlive();
    }

    /** Requests the collector accepted. */
    @Override
    public long sent() {
        return sent.get();
    }

    /** Requests dropped, points the collector rejected, and updates left out (series limit, not a number). */
    @Override
    public long dropped() {
        return droppedRequests.get() + rejectedPoints.get() + aggregator.dropped() + index.dropped()
                + index.notANumber();
    }
}
