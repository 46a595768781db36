package io.telemetrypoller.sink.otlp;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs OTLP/HTTP requests over one kept HTTP/1.1 connection and reads each answer, with connect and
 * read timeouts. A small client of its own rather than HttpURLConnection, which allocated about 30 KiB a
 * request and, streaming, sent the body after its headers' ACK (docs/performance.md): here the request
 * leaves in one write (TCP_NODELAY), the answer is parsed in place (status line, Content-Length or
 * chunked, Retry-After, Connection: close), and the connection is kept for the next export; a kept
 * connection the collector has closed meanwhile is reopened once. {@code https} verifies the server
 * with the JVM's default SSLContext (the standard {@code javax.net.ssl.*} properties apply) and its host
 * name (HTTPS endpoint identification). No HTTP proxy is used: a collector is reached directly (docs).
 * Header values (credentials) are sent and never shown. One exporter thread calls it (methods synchronized).
 */
final class OtlpHttpSender {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;
    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_HEAD = 16 * 1024;

    private final boolean tls;
    private final String host;
    private final int port;
    private final Map<String, String> headers;
    /** The request's head up to and without Content-Length, in bytes. */
    private final byte[] headStart;
    private byte[] request = new byte[4096];
    private final byte[] in = new byte[8192];
    private int inStart;
    private int inEnd;
    private Socket socket;
    private InputStream input;
    private OutputStream output;

    OtlpHttpSender(URL url, String contentType, Map<String, String> headers) {
        this.tls = "https".equals(url.getProtocol());
        this.host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
        this.headers = new LinkedHashMap<>(headers);
        String path = url.getFile().isEmpty() ? "/" : url.getFile();
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "")
                .append("\r\nContent-Type: ").append(contentType).append("\r\nUser-Agent: telemetry-poller\r\n");
        for (Map.Entry<String, String> h : this.headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        headStart = head.append("Content-Length: ").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The answer of one POST: status, Retry-After (or null), and the body (at most 64 KiB). */
    static final class Response {
        final int status;
        final String retryAfter;
        final byte[] body;

        Response(int status, String retryAfter, byte[] body) {
            this.status = status;
            this.retryAfter = retryAfter;
            this.body = body;
        }
    }

    Response post(byte[] body) throws IOException {
        return post(body, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    }

    /** The same with other timeouts: the last export at JVM exit has about a second in all. */
    synchronized Response post(byte[] body, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        int length = requestBytes(body);
        boolean reused = socket != null;
        try {
            if (!reused) {
                open(connectTimeoutMs, readTimeoutMs);
            }
            return exchange(length, readTimeoutMs);
        } catch (IOException e) {
            close();
            if (!reused || e instanceof java.net.SocketTimeoutException) {
                throw e;
            }
            // the collector closed the kept connection while it was idle: once more on a new one
            open(connectTimeoutMs, readTimeoutMs);
            try {
                return exchange(length, readTimeoutMs);
            } catch (IOException again) {
                close();
                throw again;
            }
        }
    }

    private Response exchange(int length, int readTimeoutMs) throws IOException {
        socket.setSoTimeout(readTimeoutMs);
        output.write(request, 0, length);
        output.flush();
        Response r = readResponse();
        if (r == null) {
            close(); // the answer could not be kept apart from what follows: this connection is done
            throw new IOException("the collector's answer is not HTTP/1.1");
        }
        return r;
    }

    /** The head and the body in {@link #request}; its length. */
    private int requestBytes(byte[] body) {
        byte[] contentLength = (Integer.toString(body.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int length = headStart.length + contentLength.length + body.length;
        if (request.length < length) {
            request = new byte[Math.max(length, request.length * 2)];
        }
        System.arraycopy(headStart, 0, request, 0, headStart.length);
        System.arraycopy(contentLength, 0, request, headStart.length, contentLength.length);
        System.arraycopy(body, 0, request, headStart.length + contentLength.length, body.length);
        return length;
    }

    private void open(int connectTimeoutMs, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(s, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        input = s.getInputStream();
        output = s.getOutputStream();
        inStart = 0;
        inEnd = 0;
    }

    /** Closes the kept connection (the next post opens one). */
    synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
            socket = null;
        }
    }

    /** Reads one answer; null if its framing is unknown (then the connection is closed). */
    private Response readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            return null;
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            return null;
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean keep = !statusLine.startsWith("HTTP/1.0");
        String retryAfter = null;
        int headBytes = statusLine.length();
        for (String h = line(); !h.isEmpty(); h = line()) {
            headBytes += h.length();
            if (headBytes > MAX_HEAD) {
                return null;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return null;
                }
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("connection")) {
                keep = !value.equalsIgnoreCase("close");
            } else if (name.equals("retry-after")) {
                retryAfter = value;
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = NO_BODY;
        } else if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            if (contentLength > MAX_BODY) {
                close(); // not worth reading: the first 64 KiB are never needed, so the connection goes
                return new Response(status, retryAfter, NO_BODY);
            }
            body = bytes((int) contentLength);
        } else {
            body = untilClosed();
            keep = false;
        }
        if (!keep) {
            close();
        }
        return new Response(status, retryAfter, body);
    }

    private byte[] chunkedBody() throws IOException {
        byte[] body = NO_BODY;
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the collector's chunked answer is malformed");
            }
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers: none of them matters
                }
                return body;
            }
            if (body.length + n > MAX_BODY) {
                throw new IOException("the collector's answer is larger than " + MAX_BODY + " bytes");
            }
            byte[] chunk = bytes((int) n);
            body = body.length == 0 ? chunk : concat(body, chunk);
            line(); // the CRLF after the chunk
        }
    }

    private byte[] untilClosed() throws IOException {
        byte[] body = NO_BODY;
        while (body.length < MAX_BODY && (inStart < inEnd || fill())) {
            int n = Math.min(inEnd - inStart, MAX_BODY - body.length);
            body = concat(body, Arrays.copyOfRange(in, inStart, inStart + n));
            inStart += n;
        }
        return body;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private byte[] bytes(int n) throws IOException {
        if (n == 0) {
            return NO_BODY;
        }
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (inStart == inEnd && !fill()) {
                throw new EOFException("the collector closed the connection in its answer");
            }
            int take = Math.min(n - got, inEnd - inStart);
            System.arraycopy(in, inStart, out, got, take);
            inStart += take;
            got += take;
        }
        return out;
    }

    /** One line without its CRLF (or LF), ISO-8859-1; at most {@link #MAX_HEAD} bytes. */
    private String line() throws IOException {
        StringBuilder b = null;
        while (true) {
            if (inStart == inEnd && !fill()) {
                throw new EOFException("the collector closed the connection");
            }
            for (int i = inStart; i < inEnd; i++) {
                if (in[i] == '\n') {
                    int end = i > inStart && in[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(in, inStart, end - inStart, StandardCharsets.ISO_8859_1);
                    inStart = i + 1;
                    if (b == null) {
                        return part;
                    }
                    String whole = b.append(part).toString();
                    return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
                }
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(new String(in, inStart, inEnd - inStart, StandardCharsets.ISO_8859_1));
            inStart = inEnd;
            if (b.length() > MAX_HEAD) {
                throw new IOException("the collector's answer has a line longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    /** Reads more into the buffer (after what is left); false at the end of the stream. */
    private boolean fill() throws IOException {
        if (inStart == inEnd) {
            inStart = 0;
            inEnd = 0;
        } else if (inEnd == in.length) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        int n = input.read(in, inEnd, in.length - inEnd);
        if (n <= 0) {
            return false;
        }
        inEnd += n;
        return true;
    }

    /** A message with every header value replaced by {@code ***}: errors and logs never show credentials. */
    String redact(String message) {
        if (message == null) {
            return "";
        }
        String out = message;
        for (String v : headers.values()) {
            if (!v.isEmpty()) {
                out = out.replace(v, "***");
            }
        }
        return out;
    }
}
