package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The metrics server's thread: one non-blocking {@link Selector} loop that accepts, reads and writes
 * for every connection ({@link HttpConnection}), so that a slow or silent client costs only its own
 * connection, never another scraper's answer; the poller never waits for it (it updates the store and
 * goes on). Idle and lingering connections are closed at their deadline ({@link ServerLimits}); past
 * {@link ServerLimits#maxConnections} a new connection closes the quietest one.
 *
 * <p>Failures stay here: a client's I/O error closes its connection, silently (resets are the client's
 * business); anything else (a bug) closes the connection concerned, is reported once and counted as a
 * sink failure, and the loop goes on. The selector is opened on this thread, not in {@code premain}.
 */
final class ServerLoop implements Runnable {
    /** After a failure of the loop itself, a pause, so that a failure that repeats cannot spin a core. */
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 10;
    /** Accepting stops that long after accept() fails (out of file descriptors), for the same reason. */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String description;
    private final ServerSocketChannel listener;
    private final MetricsEndpoint endpoint;
    private final HttpDate date;
    private final ServerLimits limits;
    private final List<HttpConnection> connections = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Selector selector;
    private SelectionKey listenerKey;
    private long acceptPausedUntil;
    private boolean acceptPaused;

    ServerLoop(String description, ServerSocketChannel listener, MetricsEndpoint endpoint, HttpDate date,
               ServerLimits limits) {
        this.description = description;
        this.listener = listener;
        this.endpoint = endpoint;
        this.date = date;
        this.limits = limits;
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            listenerKey = listener.register(s, SelectionKey.OP_ACCEPT);
            selector = s;
            ready.countDown();
            while (!stopping) {
                try {
                    turn(s);
                } catch (ClosedSelectorException e) {
                    return;
                } catch (Throwable t) {
                    failed("serve", t);
                    pause();
                }
            }
        } catch (Throwable t) { // no selector: nothing can be served
            SelfStats.SINK_FAILURES.incrementAndGet();
            AgentLog.warn("sink " + description + " stopped: cannot serve: " + t);
        } finally {
            stopping = true;
            ready.countDown();
            for (HttpConnection c : connections) {
                c.close();
            }
            connections.clear();
            try {
                listener.close(); // the selector is closed: the port is released at once
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** Asks the loop to stop; it closes every connection and the port. Any thread. */
    void stop() {
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    /** Waits until the loop serves; false on timeout or if it stopped. */
    boolean awaitReady(long millis) throws InterruptedException {
        return ready.await(millis, TimeUnit.MILLISECONDS) && !stopping;
    }

    private void turn(Selector s) throws IOException {
        // An interrupt is no request to stop (stop() is): cleared, since an interrupted thread would
        // make select() return at once forever, and its next I/O would close the channel it touches.
        Thread.interrupted();
        s.select(closeExpired(System.nanoTime()));
        Thread.interrupted();
        long now = System.nanoTime();
        Iterator<SelectionKey> selected = s.selectedKeys().iterator();
        while (selected.hasNext() && !stopping) {
            SelectionKey key = selected.next();
            selected.remove();
            if (!key.isValid()) {
                continue; // closed earlier in this turn (the quietest, at the limit)
            }
            if (key == listenerKey) {
                accept(s, now);
            } else {
                serve((HttpConnection) key.attachment(), now);
            }
        }
    }

    /** Closes the connections past their deadline; the milliseconds until the next deadline, 0 for none. */
    private long closeExpired(long now) {
        long next = Long.MAX_VALUE;
        for (int i = connections.size() - 1; i >= 0; i--) {
            long left = connections.get(i).deadline(limits) - now;
            if (left <= 0) {
                connections.remove(i).close();
            } else {
                next = Math.min(next, left);
            }
        }
        if (acceptPaused) {
            long left = acceptPausedUntil - now;
            if (left <= 0) {
                acceptPaused = false;
                listenerKey.interestOps(SelectionKey.OP_ACCEPT);
            } else {
                next = Math.min(next, left);
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999));
    }

    private void accept(Selector s, long now) {
        for (int i = 0; i < limits.maxConnections; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                failed("accept", e); // out of file descriptors: the host's problem too, so said once
                acceptPaused = true;
                acceptPausedUntil = now + ACCEPT_PAUSE_NANOS;
                listenerKey.interestOps(0);
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                configureAccepted(channel);
                if (connections.size() >= limits.maxConnections) {
                    closeQuietest();
                }
                SelectionKey key = channel.register(s, SelectionKey.OP_READ);
                HttpConnection connection = new HttpConnection(channel, key, endpoint, date, now);
                key.attach(connection);
                connections.add(connection);
            } catch (Throwable t) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // it was not ours yet
                }
                if (!(t instanceof IOException)) {
                    failed("accept", t);
                }
            }
        }
    }

    /** Non-blocking, and TCP_NODELAY: a response leaves at once, never held back by Nagle's algorithm. */
    static void configureAccepted(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private void closeQuietest() {
        int quietest = 0;
        for (int i = 1; i < connections.size(); i++) {
            if (connections.get(i).lastActivity() - connections.get(quietest).lastActivity() < 0) {
                quietest = i;
            }
        }
        connections.remove(quietest).close();
    }

    private void serve(HttpConnection connection, long now) {
        boolean open;
        try {
            open = connection.onReady(now);
        } catch (IOException clientGone) {
            open = false;
        } catch (Throwable t) {
            open = false;
            failed("serve a request", t);
        }
        if (!open) {
            connections.remove(connection);
            connection.close();
        }
    }

    private void failed(String what, Throwable t) {
        SelfStats.SINK_FAILURES.incrementAndGet();
        try {
            AgentLog.warnOnce("prometheus-server:" + description + ":" + what + ":" + t.getClass().getName(),
                    "sink " + description + ": the HTTP server failed to " + what + ": " + t
                            + " (reported once; it goes on serving)");
        } catch (Throwable reportFailed) {
            // out of memory for the message: counted all the same
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
        } catch (InterruptedException ignored) {
            // see turn(): an interrupt does not stop the loop
        }
    }
}
