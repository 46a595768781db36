package io.telemetrypoller.sink.prometheus;

import java.util.concurrent.TimeUnit;

/** The metrics server's limits, fixed when it starts ({@link #DEFAULT}; tests shorten them). */
final class ServerLimits {
    /**
     * An idle keep-alive connection is closed after 2 minutes: longer than Prometheus' default scrape
     * interval (1 minute), so that its connection lasts from one scrape to the next, and short enough
     * that a client that vanished without closing (a killed container) frees its place soon.
     */
    static final long IDLE_MILLIS = 120_000;
    /**
     * A connection ending after a response (an error, {@code Connection: close}) first sends its FIN and
     * drops what the client still sends, for 2 seconds at most: closing with unread input would send a
     * reset, which may destroy the response before the client reads it.
     */
    static final long LINGER_MILLIS = 2_000;
    /**
     * At most 64 connections: Prometheus keeps one, a second Prometheus or a curl one more. The 65th
     * closes the one quiet the longest, so that a new scraper always gets in and a flood of connections
     * costs only itself; memory stays bounded (8 KiB of input and one response a connection).
     */
    static final int MAX_CONNECTIONS = 64;

    static final ServerLimits DEFAULT = new ServerLimits(IDLE_MILLIS, LINGER_MILLIS, MAX_CONNECTIONS);

    final long idleNanos;
    final long lingerNanos;
    final int maxConnections;

    ServerLimits(long idleMillis, long lingerMillis, int maxConnections) {
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        this.maxConnections = maxConnections;
    }
}
