package io.telemetrypoller.sink.prometheus;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.function.LongSupplier;

/**
 * The HTTP/1.1 endpoint of the Prometheus sink: {@code GET /metrics} (and {@code HEAD}) answered with
 * the text the {@link Scrape} renders, from a server socket of the sink's own. What it answers:
 * {@link MetricsEndpoint}; how: {@link ServerLoop}, one daemon thread {@code telemetry-poller-prometheus}
 * running a non-blocking selector over every connection, each response written in one write on a socket
 * with TCP_NODELAY (the JDK's {@code HttpServer} wrote headers and body apart without it, which stalled
 * keep-alive clients 40 ms a scrape; its {@code sun.net.httpserver.nodelay} is JVM-wide).
 *
 * <p>Start-up: the constructor (run in {@code premain}) binds the port, so that a port in use or an
 * unknown host fails there, in one line ({@code cannot listen on 127.0.0.1:9464: Address already in
 * use}), and starts the thread; the selector is opened on that thread.
 *
 * <p>Shutdown: {@link #close()} stops the loop and waits for it (at most {@link #STOP_WAIT_MILLIS}), so
 * that the port is free when it returns. A shutdown hook does the same when the JVM exits: the thread
 * waits in a native {@code epoll_wait}, and HotSpot's exit waits up to 300 ms for threads in native
 * code, which would delay every host's exit.
 */
final class MetricsHttpServer implements Closeable {
    /** Renders the body of one scrape; called on the server's thread. */
    interface Scrape {
        byte[] render();
    }

    static final String THREAD_NAME = "telemetry-poller-prometheus";
    /** The loop only waits in select(), so it stops within a wake-up, unless a scrape is rendering. */
    static final long STOP_WAIT_MILLIS = 1_000;

    private final int port;
    private final MetricsEndpoint endpoint;
    private final ServerLoop loop;
    private final Thread thread;
    private final Thread stopAtExit;

    MetricsHttpServer(String description, String host, int port, Scrape scrape) throws IOException {
        this(description, host, port, scrape, ServerLimits.DEFAULT, System::currentTimeMillis);
    }

    /** {@code clock}: epoch milliseconds, for the Date header. */
    MetricsHttpServer(String description, String host, int port, Scrape scrape, ServerLimits limits,
                      LongSupplier clock) throws IOException {
        InetSocketAddress wanted = new InetSocketAddress(host, port);
        if (wanted.isUnresolved()) {
            throw new IOException("cannot listen on " + PrometheusSink.bracketed(host) + ":" + port + ": unknown host");
        }
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            // a restarted host binds its port again despite its old connections in TIME_WAIT
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(wanted, limits.maxConnections);
            listener.configureBlocking(false);
            this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            this.endpoint = new MetricsEndpoint(description, scrape);
            this.loop = new ServerLoop(description, listener, endpoint, new HttpDate(clock), limits);
            this.thread = new Thread(loop, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        } catch (Throwable t) { // also a thread that cannot start: one line all the same
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException ignored) {
                    // it was never served
                }
            }
            throw new IOException("cannot listen on " + PrometheusSink.bracketed(host) + ":" + port + ": " + t.getMessage(), t);
        }
        this.stopAtExit = new Thread(this::stop, THREAD_NAME + "-stop");
        try {
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        } catch (IllegalStateException | SecurityException shuttingDown) {
            stop();
        }
    }

    /** The port bound (the one chosen when 0 was asked). */
    int port() {
        return port;
    }

    /** Waits until the server's thread serves (the port listens from the constructor on); false on timeout or if it stopped. */
    boolean awaitStarted(long millis) throws InterruptedException {
        return loop.awaitReady(millis);
    }

    boolean isRunning() {
        return thread.isAlive() && !loop.isStopping();
    }

    /** 200 answers to {@code GET /metrics} written whole. */
    long scrapes() {
        return endpoint.scrapes();
    }

    /** Closes every connection and releases the port before returning (unless a scrape takes over a second). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException | SecurityException shuttingDown) {
            // the hook runs (or ran) anyway
        }
        stop();
    }

    private void stop() {
        loop.stop();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
