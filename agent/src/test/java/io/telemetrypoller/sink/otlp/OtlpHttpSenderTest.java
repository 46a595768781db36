package io.telemetrypoller.sink.otlp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The sender's HTTP/1.1 against a scripted server on loopback: each accepted connection answers the
 * requests it reads with the next scripted answers, then closes (or keeps) the connection.
 */
class OtlpHttpSenderTest {
    private final ServerSocket server;
    private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<Socket>());

    OtlpHttpSenderTest() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Serves: per connection, a list of raw answers (one per request); null in a list closes it early. */
    private void serve(final String[]... connections) {
        Thread t = new Thread(() -> {
            try {
                for (String[] answers : connections) {
                    Socket s = server.accept();
                    accepted.add(s);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (String answer : answers) {
                        requests.add(readRequest(in));
                        if (answer == null) {
                            break;
                        }
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    s.close();
                }
            } catch (IOException e) {
                // the test ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString("ISO-8859-1").endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.write(b);
        }
        String h = head.toString("ISO-8859-1");
        int at = h.toLowerCase().indexOf("content-length: ");
        int length = Integer.parseInt(h.substring(at + 16, h.indexOf("\r\n", at)));
        byte[] body = new byte[length];
        for (int got = 0; got < length; ) {
            got += in.read(body, got, length - got);
        }
        return h + new String(body, StandardCharsets.ISO_8859_1);
    }

    private OtlpHttpSender sender() throws IOException {
        return new OtlpHttpSender(new URL("http://127.0.0.1:" + server.getLocalPort() + "/v1/metrics"),
                "application/x-protobuf", Collections.singletonMap("api-key", "k1"));
    }

    private String nextRequest() throws InterruptedException {
        return requests.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void theRequestIsOneHttp11PostAndTheConnectionIsKeptForTheNext() throws Exception {
        serve(new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 3\r\n\r\nabc"});
        OtlpHttpSender s = sender();
        OtlpHttpSender.Response first = s.post("body".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, first.status);
        assertEquals(0, first.body.length);
        assertEquals("POST /v1/metrics HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\nContent-Type: "
                + "application/x-protobuf\r\nUser-Agent: telemetry-poller\r\napi-key: k1\r\nContent-Length: 4\r\n\r\nbody",
                nextRequest());
        OtlpHttpSender.Response second = s.post(new byte[] {1, 2});
        assertEquals("abc", new String(second.body, StandardCharsets.US_ASCII));
        assertEquals(1, accepted.size(), "one connection for both");
        s.close();
    }

    @Test
    void chunkedAnswersRetryAfterAndConnectionClose() throws Exception {
        serve(new String[] {"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nz"},
                new String[] {"HTTP/1.0 200 OK\r\n\r\nuntil closed"});
        OtlpHttpSender s = sender();
        OtlpHttpSender.Response r = s.post(new byte[0]);
        assertEquals(503, r.status);
        assertEquals("7", r.retryAfter);
        assertEquals("abcde", new String(r.body, StandardCharsets.US_ASCII));
        assertEquals("z", new String(s.post(new byte[0]).body, StandardCharsets.US_ASCII));
        OtlpHttpSender.Response untilClosed = s.post(new byte[0]);
        assertEquals("until closed", new String(untilClosed.body, StandardCharsets.US_ASCII));
        assertNull(untilClosed.retryAfter);
        assertEquals(2, accepted.size(), "Connection: close ends the first connection");
    }

    @Test
    void aKeptConnectionTheCollectorClosedIsReopenedOnce() throws Exception {
        serve(new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", null},
                new String[] {"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"});
        OtlpHttpSender s = sender();
        assertEquals(200, s.post(new byte[] {1}).status);
        assertEquals(202, s.post(new byte[] {2}).status, "the second request went again on a new connection");
        assertEquals(2, accepted.size());
    }

    @Test
    void anAnswerThatIsNotHttpFailsTheRequest() throws Exception {
        serve(new String[] {"SSH-2.0-OpenSSH\r\n"}, new String[] {"SSH-2.0-OpenSSH\r\n"});
        IOException e = assertThrows(IOException.class, () -> sender().post(new byte[0]));
        assertEquals("the collector's answer is not HTTP/1.1", e.getMessage());
    }

    @Test
    void aCollectorThatClosesWithoutAnsweringIsAnError() throws Exception {
        serve(new String[] {null});
        IOException e = assertThrows(IOException.class, () -> sender().post(new byte[0]));
        assertEquals("the collector closed the connection", e.getMessage());
    }
}
