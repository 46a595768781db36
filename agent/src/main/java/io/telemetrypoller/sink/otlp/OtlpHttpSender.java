package io.telemetrypoller.sink.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs one OTLP/HTTP request and reads the answer, with connect and read timeouts. {@code https}
 * endpoints verify the server with the JVM's trust store (HttpsURLConnection's default: the standard
 * {@code javax.net.ssl.*} properties apply). Header values (credentials) are sent and never shown.
 */
final class OtlpHttpSender {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;
    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_BODY = 64 * 1024;

    private final URL url;
    private final String contentType;
    private final Map<String, String> headers;

    OtlpHttpSender(URL url, String contentType, Map<String, String> headers) {
        this.url = url;
        this.contentType = contentType;
        this.headers = new LinkedHashMap<>(headers);
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
    Response post(byte[] body, int connectTimeoutMs, int readTimeoutMs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        boolean answered = false;
        try {
            c.setConnectTimeout(connectTimeoutMs);
            c.setReadTimeout(readTimeoutMs);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            // not setFixedLengthStreamingMode: streamed, the headers and the body leave in two writes and
            // the body waits for the first one's ACK (Nagle), about 1 ms a request on loopback; buffered,
            // they leave together (OtlpExportBenchmark: 1,250 -> see docs/performance.md)
            c.setRequestProperty("Content-Type", contentType);
            c.setRequestProperty("User-Agent", "telemetry-poller");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            OutputStream out = c.getOutputStream();
            try {
                out.write(body);
            } finally {
                out.close();
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            Response r = new Response(status, c.getHeaderField("Retry-After"), readAtMost(in, c.getContentLengthLong()));
            answered = true;
            return r;
        } finally {
            if (!answered) {
                c.disconnect(); // a failed exchange: the connection is not reused
            }
            // else the answer was read and its stream closed: the JDK keeps the connection for the next
            // export (HTTP keep-alive), which spares a TCP (and TLS) handshake each period
        }
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

    private static byte[] readAtMost(InputStream in, long contentLength) throws IOException {
        if (in == null) {
            return NO_BODY;
        }
        try {
            if (contentLength == 0) {
                return NO_BODY; // the usual answer to a full success: nothing to read, nothing to allocate
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(contentLength > 0 && contentLength < MAX_BODY
                    ? (int) contentLength : 256);
            byte[] chunk = new byte[512]; // a partial success is a few dozen bytes
            int n;
            while (out.size() < MAX_BODY && (n = in.read(chunk)) > 0) {
                out.write(chunk, 0, Math.min(n, MAX_BODY - out.size()));
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }
}
