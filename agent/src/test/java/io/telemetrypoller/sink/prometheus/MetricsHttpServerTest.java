package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.internal.AgentLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics server over raw sockets: the exact bytes of every answer, and the connection's fate. */
class MetricsHttpServerTest {
    private static final String BODY = "up 1.0\n";
    private static final String OK = "HTTP/1.1 200 OK\r\n"
            + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
            + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            + "Content-Length: 7\r\n"
            + "\r\n";
    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\n"
            + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 39\r\n"
            + "\r\n"
            + "not found: the metrics are at /metrics\n";
    private static final String GET = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n";

    private final List<Socket> sockets = new ArrayList<>();
    private MetricsHttpServer server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getAnswersTheScrapeWithHeadersAndBody() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, GET);
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
        awaitScrapes(1);
    }

    @Test
    void headAnswersTheHeadersOnly() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "HEAD /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(OK, read(s, OK.length()));
        send(s, GET); // had HEAD sent a body, this answer would not start where it does
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
        awaitScrapes(1); // HEAD is no scrape
    }

    @Test
    void anotherPathIsNotFound() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "GET /metricsx HTTP/1.1\r\n\r\nHEAD / HTTP/1.1\r\n\r\n");
        assertEquals(NOT_FOUND, read(s, NOT_FOUND.length()));
        String headers = "HTTP/1.1 404 Not Found\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 39\r\n"
                + "\r\n";
        assertEquals(headers, read(s, headers.length()));
        assertEquals(0, server.scrapes());
    }

    @Test
    void queryAndTrailingSlashStillMeanMetrics() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "GET /metrics?name[]=up HTTP/1.1\r\n\r\nGET /metrics/ HTTP/1.1\r\n\r\n"
                + "GET http://127.0.0.1/metrics HTTP/1.1\r\n\r\n");
        assertEquals(OK + BODY + OK + BODY + OK + BODY, read(s, 3 * (OK.length() + BODY.length())));
    }

    @Test
    void otherMethodsOnMetricsAreNotAllowed() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "DELETE /metrics HTTP/1.1\r\n\r\n");
        String expected = "HTTP/1.1 405 Method Not Allowed\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Allow: GET, HEAD\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
        assertEquals(expected, read(s, expected.length()));
        send(s, GET);
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
    }

    @Test
    void aMalformedRequestIsBadAndCloses() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "GET /metrics\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 23\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "malformed request line\n", readToEnd(s));
    }

    @Test
    void anotherMajorVersionIsNotSupported() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "GET /metrics HTTP/2.0\r\n\r\n");
        assertEquals("HTTP/1.1 505 HTTP Version Not Supported\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 38\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "only HTTP/1.0 and HTTP/1.1 are served\n", readToEnd(s));
    }

    @Test
    void headersOver8KiBAreRefusedAndClose() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        char[] big = new char[9000];
        Arrays.fill(big, 'a');
        send(s, "GET /metrics HTTP/1.1\r\nX-Big: " + new String(big) + "\r\n\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 29\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "request head over 8192 bytes\n", readToEnd(s));
    }

    @Test
    void keepAliveServesSequentialRequestsOnOneConnection() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        for (int i = 0; i < 3; i++) {
            send(s, GET);
            assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
        }
        awaitScrapes(3);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, GET + "GET /other HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + GET);
        assertEquals(OK + BODY + NOT_FOUND + OK + BODY, read(s, 2 * (OK.length() + BODY.length()) + NOT_FOUND.length()));
        StringBuilder requests = new StringBuilder();
        StringBuilder answers = new StringBuilder();
        for (int i = 0; i < 3 * HttpConnection.ANSWERS_PER_TURN + 1; i++) { // over several turns
            requests.append(i % 2 == 0 ? GET : "GET /other HTTP/1.1\r\n\r\n");
            answers.append(i % 2 == 0 ? OK + BODY : NOT_FOUND);
        }
        send(s, requests.toString());
        assertEquals(answers.toString(), read(s, answers.length()));
    }

    @Test
    void connectionCloseIsAnsweredThenClosed() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n" + GET); // the second one is not answered
        assertEquals("HTTP/1.1 200 OK\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 7\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + BODY, readToEnd(s));
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket kept = connect();
        String keptAlive = "HTTP/1.1 200 OK\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 7\r\n"
                + "Connection: keep-alive\r\n"
                + "\r\n"
                + BODY;
        for (int i = 0; i < 2; i++) {
            send(kept, "GET /metrics HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
            assertEquals(keptAlive, read(kept, keptAlive.length()));
        }
        Socket closed = connect();
        send(closed, "GET /metrics HTTP/1.0\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 7\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + BODY, readToEnd(closed));
    }

    @Test
    void aRequestSplitIntoSingleBytesIsAnswered() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        for (byte b : GET.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
            Thread.sleep(1); // each byte its own segment, and most of them their own read
        }
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
    }

    @Test
    void aRequestWithContentIsAnsweredThenClosed() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + GET);
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Allow: GET, HEAD\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: close\r\n"
                + "\r\n", readToEnd(s));
    }

    @Test
    void chunkedContentIsRefusedAndCloses() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        Socket s = connect();
        send(s, "POST /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals("HTTP/1.1 411 Length Required\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 57\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + "a Transfer-Encoding is not accepted: send Content-Length\n", readToEnd(s));
    }

    @Test
    void aFailingScrapeIs500AndTheNextOneIsServed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgentLog.redirect(new PrintStream(log, true));
        try {
            server = new MetricsHttpServer("prometheus://failing", "127.0.0.1", 0, () -> {
                if (calls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("boom");
                }
                return BODY.getBytes(StandardCharsets.UTF_8);
            }, ServerLimits.DEFAULT, () -> 0L);
            String failed = "HTTP/1.1 500 Internal Server Error\r\n"
                    + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: 18\r\n"
                    + "Connection: close\r\n"
                    + "\r\n"
                    + "the scrape failed\n";
            for (int i = 0; i < 2; i++) {
                Socket s = connect();
                send(s, GET);
                assertEquals(failed, readToEnd(s));
            }
            Socket s = connect();
            send(s, GET);
            assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
            assertEquals("telemetry-poller: sink prometheus://failing: a scrape failed (answered 500; reported once,"
                    + " the next scrapes are tried): java.lang.IllegalStateException: boom\n",
                    log.toString("UTF-8").replace("\r\n", "\n"));
            awaitScrapes(1);
        } finally {
            AgentLog.redirect(System.err);
        }
    }

    @Test
    void aClientThatDoesNotReadNorFinishDelaysNoOther() throws Exception {
        byte[] large = new byte[16 * 1024 * 1024];
        Arrays.fill(large, (byte) 'x');
        start(() -> large);
        Socket slow = new Socket();
        sockets.add(slow);
        slow.setReceiveBufferSize(8192); // the 16 MiB cannot all be written: the server's write stays partial
        slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
        slow.setSoTimeout(10_000);
        send(slow, GET);
        Socket silent = connect();
        send(silent, "GET /metrics HTTP/1.1\r\nHo"); // and nothing more
        Socket other = connect();
        for (int i = 0; i < 3; i++) {
            send(other, "GET /other HTTP/1.1\r\n\r\n");
            assertEquals(NOT_FOUND, read(other, NOT_FOUND.length()));
        }
        String head = "HTTP/1.1 200 OK\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 16777216\r\n"
                + "\r\n";
        assertEquals(head, read(slow, head.length()));
        InputStream in = slow.getInputStream();
        byte[] buf = new byte[65536];
        long received = 0;
        while (received < large.length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, large.length - received));
            assertTrue(n > 0, "the body ended after " + received + " bytes");
            for (int i = 0; i < n; i++) {
                assertEquals('x', buf[i]);
            }
            received += n;
        }
        send(silent, "st: x\r\n\r\n");
        String closing = "HTTP/1.1 200 OK\r\n"
                + "Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
                + "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 16777216\r\n"
                + "\r\n";
        assertEquals(closing, read(silent, closing.length()));
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTime() throws Exception {
        server = new MetricsHttpServer("prometheus://idle", "127.0.0.1", 0, () -> BODY.getBytes(StandardCharsets.UTF_8),
                new ServerLimits(300, 2_000, 64), () -> 0L);
        long start = System.nanoTime();
        Socket s = connect();
        send(s, GET);
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
        assertEquals(-1, s.getInputStream().read());
        assertTrue(System.nanoTime() - start >= 300_000_000L);
    }

    @Test
    void pastTheConnectionLimitTheQuietestIsClosed() throws Exception {
        server = new MetricsHttpServer("prometheus://limit", "127.0.0.1", 0, () -> BODY.getBytes(StandardCharsets.UTF_8),
                new ServerLimits(60_000, 2_000, 2), () -> 0L);
        Socket first = connect();
        send(first, GET);
        assertEquals(OK + BODY, read(first, OK.length() + BODY.length()));
        Thread.sleep(5);
        Socket second = connect();
        send(second, GET);
        assertEquals(OK + BODY, read(second, OK.length() + BODY.length()));
        Socket third = connect();
        send(third, GET);
        assertEquals(OK + BODY, read(third, OK.length() + BODY.length()));
        assertEquals(-1, first.getInputStream().read());
        send(second, GET);
        assertEquals(OK + BODY, read(second, OK.length() + BODY.length()));
    }

    @Test
    void aPortInUseFailsInTheConstructorWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class, () -> new MetricsHttpServer("prometheus://taken",
                    "127.0.0.1", taken.getLocalPort(), () -> new byte[0]));
            assertEquals("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use",
                    e.getMessage());
        }
    }

    @Test
    void anUnknownHostFailsInTheConstructorWithOneLine() {
        IOException e = assertThrows(IOException.class, () -> new MetricsHttpServer("prometheus://nowhere",
                "nowhere.invalid", 9464, () -> new byte[0]));
        assertEquals("cannot listen on nowhere.invalid:9464: unknown host", e.getMessage());
    }

    @Test
    void closeReleasesThePortAndEndsTheConnections() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        int port = server.port();
        Socket s = connect();
        send(s, GET);
        assertEquals(OK + BODY, read(s, OK.length() + BODY.length()));
        assertTrue(server.isRunning());
        server.close();
        assertFalse(server.isRunning());
        assertEquals(-1, s.getInputStream().read());
        server = new MetricsHttpServer("prometheus://again", "127.0.0.1", port, () -> BODY.getBytes(StandardCharsets.UTF_8),
                ServerLimits.DEFAULT, () -> 0L);
        Socket again = connect();
        send(again, GET);
        assertEquals(OK + BODY, read(again, OK.length() + BODY.length()));
    }

    @Test
    void oneDaemonThreadServes() throws Exception {
        start(() -> BODY.getBytes(StandardCharsets.UTF_8));
        assertTrue(server.awaitStarted(10_000));
        List<Thread> serving = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("telemetry-poller-prometheus")) {
                serving.add(t);
            }
        }
        assertEquals(1, serving.size(), serving.toString());
        assertEquals("telemetry-poller-prometheus", serving.get(0).getName());
        assertTrue(serving.get(0).isDaemon());
    }

    @Test
    void acceptedSocketsHaveNoDelay() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
                 SocketChannel accepted = listener.accept()) {
                assertFalse(accepted.getOption(StandardSocketOptions.TCP_NODELAY));
                ServerLoop.configureAccepted(accepted);
                assertTrue(accepted.getOption(StandardSocketOptions.TCP_NODELAY));
                assertFalse(accepted.isBlocking());
            }
        }
    }

    private void start(MetricsHttpServer.Scrape scrape) throws IOException {
        server = new MetricsHttpServer("prometheus://127.0.0.1:0", "127.0.0.1", 0, scrape, ServerLimits.DEFAULT, () -> 0L);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Exactly {@code n} bytes, however many reads they take. */
    private static String read(Socket s, int n) throws IOException {
        byte[] b = new byte[n];
        InputStream in = s.getInputStream();
        for (int at = 0; at < n; ) {
            int got = in.read(b, at, n - at);
            if (got < 0) {
                throw new IOException("closed after " + at + " bytes: " + new String(b, 0, at, StandardCharsets.ISO_8859_1));
            }
            at += got;
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes (a reset fails the test). */
    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        for (int n; (n = s.getInputStream().read(b)) >= 0; ) {
            out.write(b, 0, n);
        }
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private void awaitScrapes(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L; // counted once written whole, maybe after the client read it
        while (server.scrapes() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, server.scrapes());
    }
}
