package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.Syntax;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The StatsD server's address. An IP literal is used as it is. A host name is resolved on a short-lived
 * daemon thread ({@code telemetry-poller-statsd-resolve}), never on the emitting thread, and resolved
 * again every {@link #REFRESH_NANOS} (so a server that moves, e.g. a restarted container, is found
 * again), or {@link #RETRY_NANOS} after a failure. Only the very first send waits for the first
 * resolution, at most {@link #FIRST_WAIT_MS}.
 *
 * <p>Thread rules: {@link #current} from any thread; it returns at once (after the first wait).
 */
final class StatsdAddress {
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long FIRST_WAIT_MS = 200;

    private final String host;
    private final int port;
    private final boolean literal;
    private final AtomicBoolean resolving = new AtomicBoolean();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile InetSocketAddress address;
    private volatile long nextResolveNanos;
    private volatile boolean waited;

    StatsdAddress(String host, int port) {
        this.host = host;
        this.port = port;
        this.literal = Syntax.isIpv4Shape(host) || host.indexOf(':') >= 0;
        if (literal) {
            this.address = new InetSocketAddress(host, port); // a literal is parsed, not looked up
            firstAttempt.countDown();
        } else {
            nextResolveNanos = System.nanoTime() + REFRESH_NANOS;
            startResolving();
        }
    }

    /** The address to send to, or null while none is known. */
    InetSocketAddress current() {
        if (!literal) {
            if (System.nanoTime() - nextResolveNanos > 0) {
                startResolving();
            }
            if (!waited) {
                waited = true;
                awaitFirst();
            }
        }
        return address;
    }

    private void awaitFirst() {
        try {
            firstAttempt.await(FIRST_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startResolving() {
        if (!resolving.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::resolve, "telemetry-poller-statsd-resolve");
        t.setDaemon(true);
        try {
            t.start();
        } catch (Throwable e) {
            resolving.set(false);
            firstAttempt.countDown();
        }
    }

    private void resolve() {
        try {
            InetAddress ip = InetAddress.getByName(host);
            address = new InetSocketAddress(ip, port);
            nextResolveNanos = System.nanoTime() + REFRESH_NANOS;
        } catch (Throwable e) {
            nextResolveNanos = System.nanoTime() + RETRY_NANOS;
            AgentLog.warnOnce("statsd-resolve:" + host, "statsd: cannot resolve " + host + ": " + e
                    + " (metrics are dropped until it resolves; retried every 5 s)");
        } finally {
            resolving.set(false);
            firstAttempt.countDown();
        }
    }
}
