package io.telemetrypoller.sink.prometheus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One response, encoded whole: status line, headers and body in one array, so that it leaves in one
 * write (with TCP_NODELAY, at once). Headers and body written apart were what stalled keep-alive
 * clients 40 ms with the JDK's HttpServer: Nagle's algorithm held the body until the client
 * acknowledged the headers, which it delays. For example:
 *
 * <pre>
 * HTTP/1.1 405 Method Not Allowed\r\n
 * Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n
 * Allow: GET, HEAD\r\n
 * Content-Length: 0\r\n
 * Connection: close\r\n
 * \r\n
 * </pre>
 *
 * Built by {@link MetricsEndpoint} (the setters return {@code this}), then encoded once; one thread.
 */
final class HttpResponse {
    static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final int status;
    private final String contentType;
    private final byte[] body;
    private String allow;
    private boolean sendBody = true;
    private boolean close;
    private boolean keepAliveHeader;
    private boolean scrape;

    /** {@code contentType} null for no body. */
    HttpResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** A plain-text answer, {@code text} its whole body. */
    static HttpResponse text(int status, String text) {
        return new HttpResponse(status, PLAIN_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse allow(String methods) {
        this.allow = methods;
        return this;
    }

    /** For HEAD: the headers of the body, not the body. */
    HttpResponse withoutBody() {
        this.sendBody = false;
        return this;
    }

    /** Says {@code Connection: close}; the connection ends once it is written. */
    HttpResponse closing() {
        this.close = true;
        return this;
    }

    /** Says {@code Connection: keep-alive}, which an HTTP/1.0 client needs to hear to keep the connection. */
    HttpResponse keptAlive() {
        this.keepAliveHeader = true;
        return this;
    }

    /** Marks a scrape (a 200 to GET), counted once written whole. */
    HttpResponse scrape() {
        this.scrape = true;
        return this;
    }

    int status() {
        return status;
    }

    boolean closes() {
        return close;
    }

    boolean isScrape() {
        return scrape;
    }

    /** The bytes to write, {@code date} the value of the Date header. */
    ByteBuffer encode(String date) {
        StringBuilder head = new StringBuilder(160);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        head.append("Date: ").append(date).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (allow != null) {
            head.append("Allow: ").append(allow).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        } else if (keepAliveHeader) {
            head.append("Connection: keep-alive\r\n");
        }
        head.append("\r\n");
        int headLength = head.length();
        byte[] out = new byte[headLength + (sendBody ? body.length : 0)];
        for (int i = 0; i < headLength; i++) {
            out[i] = (byte) head.charAt(i); // ASCII: the date, numbers and our own constants
        }
        if (sendBody) {
            System.arraycopy(body, 0, out, headLength, body.length);
        }
        return ByteBuffer.wrap(out);
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 411: return "Length Required";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 505: return "HTTP Version Not Supported";
            default: return "Unknown";
        }
    }
}
