package io.telemetrypoller.it.reporters;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A test OTLP/HTTP receiver on 127.0.0.1 (com.sun.net.httpserver): every body is decoded with the official
 * classes, {@code ExportMetricsServiceRequest.parseFrom} for protobuf and protobuf-java-util's JsonFormat
 * (unknown fields refused) for {@code application/json}; one that does not parse is kept as a failure that
 * {@link #await} rethrows. The answer of the n-th request (from 1) is the given policy's, sent as
 * {@code application/json} when the request was.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One request as received. */
    static final class Received {
        final ExportMetricsServiceRequest request;
        final byte[] body;
        final Map<String, List<String>> headers;

        Received(ExportMetricsServiceRequest request, byte[] body, Map<String, List<String>> headers) {
            this.request = request;
            this.body = body;
            this.headers = headers;
        }

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** An answer: status, Retry-After (or null), body. */
    static final class Answer {
        final int status;
        final String retryAfter;
        final byte[] body;

        Answer(int status, String retryAfter, byte[] body) {
            this.status = status;
            this.retryAfter = retryAfter;
            this.body = body;
        }

        static Answer ok() {
            return new Answer(200, null, new byte[0]);
        }
    }

    private final HttpServer server;
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    OtlpReceiver(IntFunction<Answer> policy) throws IOException {
        this(policy, null);
    }

    /** Over HTTPS with {@code tls}'s certificate when not null (then the sink's URL is otlps://). */
    OtlpReceiver(IntFunction<Answer> policy, javax.net.ssl.SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/v1/metrics", exchange -> {
            byte[] body = readAll(exchange.getRequestBody());
            int n = count.incrementAndGet();
            boolean json = "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            try {
                received.add(new Received(json ? parseJson(body) : ExportMetricsServiceRequest.parseFrom(body), body,
                        exchange.getRequestHeaders()));
            } catch (Exception e) {
                received.add(new AssertionError("request " + n + " does not parse as ExportMetricsServiceRequest", e));
            }
            Answer a = policy.apply(n);
            if (a.retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", a.retryAfter);
            }
            exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/x-protobuf");
            exchange.sendResponseHeaders(a.status, a.body.length == 0 ? -1 : a.body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next request, waiting at most {@code timeout}; a body that did not parse fails here. */
    Received await(Duration timeout) throws InterruptedException {
        Object o = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (o == null) {
            throw new AssertionError("no OTLP request within " + timeout);
        }
        if (o instanceof AssertionError) {
            throw (AssertionError) o;
        }
        return (Received) o;
    }

    /** Requests received so far and not yet taken by {@link #await}, each checked to parse. */
    List<Received> drain() {
        List<Object> all = new ArrayList<>();
        received.drainTo(all);
        List<Received> out = new ArrayList<>();
        for (Object o : all) {
            if (o instanceof AssertionError) {
                throw (AssertionError) o;
            }
            out.add((Received) o);
        }
        return out;
    }

    private static ExportMetricsServiceRequest parseJson(byte[] body) throws IOException {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
        return b.build();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) > 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
