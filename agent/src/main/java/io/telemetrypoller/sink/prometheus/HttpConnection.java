package io.telemetrypoller.sink.prometheus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client's connection, driven by {@link ServerLoop} when its socket is ready: bytes in, each request
 * head answered as soon as it is complete, one response written at a time and in one write. Pipelined
 * requests are answered in order. While a response is only partly written (a client that does not
 * read), nothing more is read: a connection holds at most {@link HttpRequestHead#MAX_BYTES} of input
 * and one response. At most {@link #ANSWERS_PER_TURN} requests are answered a turn, so that a client
 * pipelining hundreds of them cannot keep the thread from the other connections.
 *
 * <p>A connection that ends after a response (see {@link MetricsEndpoint}) lingers: its FIN is sent,
 * then what the client still sends is read and dropped until it closes too, or
 * {@link ServerLimits#LINGER_MILLIS}. The server's thread only.
 */
final class HttpConnection {
    /** Pipelined requests answered before the other connections get their turn. */
    static final int ANSWERS_PER_TURN = 4;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final MetricsEndpoint endpoint;
    private final HttpDate date;
    private final ByteBuffer in = ByteBuffer.allocate(HttpRequestHead.MAX_BYTES); // bytes held: [0, position)
    private HttpResponse response; // being written, with out
    private ByteBuffer out;
    private boolean inputEnded;
    private boolean lingering;
    private long lastActivity;

    HttpConnection(SocketChannel channel, SelectionKey key, MetricsEndpoint endpoint, HttpDate date, long now) {
        this.channel = channel;
        this.key = key;
        this.endpoint = endpoint;
        this.date = date;
        this.lastActivity = now;
    }

    /**
     * Reads or writes what the socket is ready for; false once the connection is over (the caller closes
     * it). An IOException is the client's doing (a reset, a broken pipe): close it too.
     */
    boolean onReady(long now) throws IOException {
        if (lingering) {
            in.clear();
            return channel.read(in) >= 0; // one read a turn, so that a flood cannot hold the thread
        }
        lastActivity = now;
        if (out != null) {
            if (!flush()) {
                return true;
            }
            if (response.closes()) {
                return linger(now);
            }
        } else if (channel.read(in) < 0) {
            inputEnded = true;
        }
        return serve(now);
    }

    /** Answers the complete requests held, until a response is only partly written, input is missing or the turn is over. */
    private boolean serve(long now) throws IOException {
        for (int answered = 0; ; answered++) {
            if (answered == ANSWERS_PER_TURN) {
                interest(SelectionKey.OP_WRITE); // writable at once: back at the next turn, after the others
                return true;
            }
            HttpRequestHead request = HttpRequestHead.parse(in.array(), in.position());
            if (request != null) {
                consume(request.length());
                response = endpoint.answer(request);
            } else if (!in.hasRemaining()) {
                response = endpoint.tooLarge();
            } else if (inputEnded) {
                return false; // the client is done; a partial request is dropped with it
            } else {
                interest(SelectionKey.OP_READ);
                return true;
            }
            out = response.encode(date.now());
            if (!flush()) {
                interest(SelectionKey.OP_WRITE);
                return true;
            }
            if (response.closes()) {
                return linger(now);
            }
        }
    }

    /** Writes what the socket takes of the response; true once it is all written. */
    private boolean flush() throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            return false;
        }
        out = null;
        endpoint.sent(response);
        return true;
    }

    private boolean linger(long now) throws IOException {
        if (inputEnded) {
            return false; // the client closed its side: nothing more can come
        }
        channel.shutdownOutput();
        lingering = true;
        lastActivity = now;
        in.clear();
        interest(SelectionKey.OP_READ);
        return true;
    }

    /** Drops the first {@code n} bytes held. */
    private void consume(int n) {
        byte[] b = in.array();
        int held = in.position();
        System.arraycopy(b, n, b, 0, held - n);
        in.position(held - n);
    }

    private void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** When the server closes it if nothing happens: idle or lingering time after the last activity. */
    long deadline(ServerLimits limits) {
        return lastActivity + (lingering ? limits.lingerNanos : limits.idleNanos);
    }

    /** The last time it read or wrote, for choosing the quietest connection at the limit. */
    long lastActivity() {
        return lastActivity;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket fails only if it is already gone
        }
    }
}
