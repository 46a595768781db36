package io.telemetrypoller.sink.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.telemetrypoller.internal.AgentLog;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's {@link HttpServer} answering {@code GET /metrics} (and {@code HEAD}) with the text the
 * {@link Scrape} renders; any other path is 404.
 *
 * <p>Start-up stays off the host's path: the constructor only checks that the address can be bound
 * (a plain socket, bound and closed at once: a port in use fails there, with one clear message), then
 * the HTTP server (about 50-150 ms of class loading, cold) is created and started on the daemon thread
 * {@code telemetry-poller-prometheus-start}. Since the server's dispatcher thread inherits the daemon
 * flag of the thread that starts it, it is a daemon too, and requests are handled one at a time on the
 * daemon thread {@code telemetry-poller-prometheus}: the server never keeps the JVM alive. Should the
 * port be taken in the instant between the check and the real bind, that is reported once on stderr.
 *
 * <p>A shutdown hook stops the server when the JVM exits: its dispatcher thread waits in a native
 * {@code select}, and HotSpot's exit waits up to 300 ms for threads in native code, so without the hook
 * every host would take 0.3 s longer to exit.
 */
final class MetricsHttpServer implements Closeable {
    /** Renders the body of one scrape; called on the server's single thread. */
    interface Scrape {
        byte[] render();
    }

    private final String description;
    private final InetSocketAddress address;
    private final Scrape scrape;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicLong scrapes = new AtomicLong();
    private HttpServer server; // guarded by this
    private ExecutorService executor; // guarded by this
    private boolean closed; // guarded by this
    private final Thread stopAtExit = daemon("telemetry-poller-prometheus-stop").newThread(this::stopServer);

    MetricsHttpServer(String description, String host, int port, Scrape scrape) throws IOException {
        this.description = description;
        this.scrape = scrape;
        InetSocketAddress wanted = new InetSocketAddress(host, port);
        if (wanted.isUnresolved()) {
            throw new IOException("cannot listen on " + host + ":" + port + ": unknown host");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(wanted);
            this.address = new InetSocketAddress(wanted.getAddress(), probe.getLocalPort());
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Thread starter = daemon("telemetry-poller-prometheus-start").newThread(this::start);
        starter.start();
    }

    /** The port bound (the one chosen when 0 was asked). */
    int port() {
        return address.getPort();
    }

    /** Waits until the server accepts requests (for tests); false on timeout or if it could not start. */
    boolean awaitStarted(long millis) throws InterruptedException {
        return started.await(millis, TimeUnit.MILLISECONDS) && isRunning();
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException | SecurityException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        stopServer();
    }

    private void stopServer() {
        HttpServer s;
        ExecutorService e;
        synchronized (this) {
            closed = true;
            s = server;
            e = executor;
            server = null; // stop once
            executor = null;
        }
        if (s != null) {
            s.stop(0);
        }
        if (e != null) {
            e.shutdownNow();
        }
    }

    private void start() {
        try {
            HttpServer s = HttpServer.create(address, 16);
            ExecutorService e = Executors.newSingleThreadExecutor(daemon("telemetry-poller-prometheus"));
            s.setExecutor(e);
            s.createContext("/", exchange -> handle(exchange, scrape, scrapes));
            synchronized (this) {
                if (closed) {
                    e.shutdownNow();
                    return;
                }
                s.start(); // from this daemon thread: the dispatcher thread is a daemon too
                server = s;
                executor = e;
            }
            try {
                Runtime.getRuntime().addShutdownHook(stopAtExit);
            } catch (IllegalStateException | SecurityException shuttingDown) {
                stopServer();
            }
        } catch (Throwable t) {
            AgentLog.warn("sink " + description + " stopped: cannot listen on " + address + ": " + t.getMessage());
        } finally {
            started.countDown();
        }
    }

    /** Scrapes answered. */
    long scrapes() {
        return scrapes.get();
    }

    private static void handle(HttpExchange exchange, Scrape scrape, AtomicLong scrapes) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!"/metrics".equals(path) && !"/metrics/".equals(path)) {
                reply(exchange, 404, "not found: the metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8), true);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, new byte[0], true);
            } else {
                exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE);
                reply(exchange, 200, scrape.render(), "GET".equals(method));
                scrapes.incrementAndGet();
            }
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, boolean withBody) throws IOException {
        if (!withBody) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
