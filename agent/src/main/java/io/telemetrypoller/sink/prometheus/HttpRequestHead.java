package io.telemetrypoller.sink.prometheus;

import java.nio.charset.StandardCharsets;

/**
 * The head of one HTTP/1.x request (request line and header fields), parsed from the bytes received so
 * far. Only what the metrics server acts on is kept: method, path without the query, version, and the
 * fields that decide the connection's fate ({@code Connection}, {@code Content-Length},
 * {@code Transfer-Encoding}); other fields ({@code Host}, {@code Accept}, ...) are read past.
 *
 * <p>Lenient where RFC 9112 allows it: empty lines before the request line are skipped, a line may end
 * in a bare LF, and HTTP/1.2 and later minors are served as 1.1. A malformed head is not an exception
 * but a head whose {@link #rejection()} is the status to answer (400, or 505 for a major version other
 * than 1) before closing. A head that cannot become a request whatever follows (a TLS ClientHello, binary
 * bytes, an HTTP/0.9 request line) is rejected as soon as that is certain, not when its end would come:
 * the client gets its 400 at once instead of waiting for the idle timeout.
 *
 * <pre>
 * "GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"  -&gt;  GET, /metrics, 1.1, no keep-alive
 * </pre>
 */
final class HttpRequestHead {
    /** The longest head accepted (request line and fields), as most servers: beyond it, 431. */
    static final int MAX_BYTES = 8 * 1024;

    private final int length;
    private final int rejection;
    private final String reason;
    private final String method;
    private final String path;
    private final boolean http10;
    private final boolean keepAlive;
    private final long contentLength;
    private final boolean chunked;

    private HttpRequestHead(int length, int rejection, String reason, String method, String path, boolean http10,
                            boolean keepAlive, long contentLength, boolean chunked) {
        this.length = length;
        this.rejection = rejection;
        this.reason = reason;
        this.method = method;
        this.path = path;
        this.http10 = http10;
        this.keepAlive = keepAlive;
        this.contentLength = contentLength;
        this.chunked = chunked;
    }

    /**
     * The head at the start of {@code bytes[0, end)}, or null while it is incomplete (no empty line yet);
     * the caller decides when incomplete means too large ({@link #MAX_BYTES}).
     */
    static HttpRequestHead parse(byte[] bytes, int end) {
        int start = 0;
        while (start < end && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++; // empty lines before a request (a client's stray CRLF after a previous body)
        }
        int headEnd = endOfHead(bytes, start, end);
        if (headEnd < 0) {
            return cannotBecomeHead(bytes, start, end) ? rejected(end, 400, "not an HTTP/1.x request") : null;
        }
        return parse(new String(bytes, start, headEnd - start, StandardCharsets.ISO_8859_1), headEnd);
    }

    /** Just past the empty line that ends the head, or -1. */
    private static int endOfHead(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == '\n') {
                int next = i + 1;
                if (next < end && bytes[next] == '\r') {
                    next++;
                }
                if (next < end && bytes[next] == '\n') {
                    return next + 1;
                }
            }
        }
        return -1;
    }

    /**
     * Whether the incomplete head {@code bytes[start, end)} is already wrong whatever follows: its request
     * line, complete or not, or one of its complete field lines is malformed.
     */
    private static boolean cannotBecomeHead(byte[] bytes, int start, int end) {
        int eol = indexOf(bytes, '\n', start, end);
        if (eol < 0) {
            return !isRequestLinePrefix(bytes, start, end);
        }
        if (requestLine(line(bytes, start, eol)) == null) {
            return true;
        }
        for (int from = eol + 1; ; from = eol + 1) {
            eol = indexOf(bytes, '\n', from, end);
            if (eol < 0) {
                return false; // a field line still arriving
            }
            String field = line(bytes, from, eol);
            if (!field.isEmpty() && !isField(field)) {
                return true;
            }
        }
    }

    /**
     * Whether {@code bytes[start, end)}, with no line end yet, can still grow into a request line:
     * token SP target SP HTTP/d.d, optionally then CR. An HTTP/0.9 line ({@code GET /}) fails here once
     * its LF arrives, in {@link #requestLine}.
     */
    private static boolean isRequestLinePrefix(byte[] bytes, int start, int end) {
        final String version = "HTTP/0.0\r";
        int part = 0; // 0 method, 1 target, 2 version
        int partStart = start;
        for (int i = start; i < end; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (part < 2 && c == ' ') {
                if (i == partStart) {
                    return false;
                }
                part++;
                partStart = i + 1;
            } else if (part == 0) {
                if (!isTokenChar(c)) {
                    return false;
                }
            } else if (part == 1) {
                if (c <= ' ' || c >= 0x7f) {
                    return false;
                }
            } else {
                int at = i - partStart;
                char expected = at < version.length() ? version.charAt(at) : 0;
                if (expected == '0' ? !isDigit(c) : c != expected) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {method, path, version} of a well-formed request line, or null. */
    private static String[] requestLine(String line) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            return null;
        }
        String method = line.substring(0, sp1);
        String path = path(line.substring(sp1 + 1, sp2));
        String version = line.substring(sp2 + 1);
        if (!isToken(method) || path == null || !isVersion(version)) {
            return null;
        }
        return new String[] {method, path, version};
    }

    /** {@code name: value}, with a token for the name and no CR (so no obs-fold or bare CR either). */
    private static boolean isField(String field) {
        int colon = field.indexOf(':');
        return colon > 0 && isToken(field.substring(0, colon)) && field.indexOf('\r') < 0;
    }

    /** {@code head}: the request line and the fields, up to and with the empty line. */
    private static HttpRequestHead parse(String head, int length) {
        int eol = head.indexOf('\n');
        String[] requestLine = requestLine(line(head, 0, eol));
        if (requestLine == null) {
            return rejected(length, 400, "malformed request line");
        }
        String method = requestLine[0];
        String path = requestLine[1];
        String version = requestLine[2];
        if (version.charAt(5) != '1') {
            return rejected(length, 505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        boolean http10 = version.charAt(7) == '0';
        boolean close = false;
        boolean keepAlive = false;
        long contentLength = 0;
        boolean lengthSeen = false;
        boolean chunked = false;
        for (int from = eol + 1; ; from = eol + 1) {
            eol = head.indexOf('\n', from);
            String field = line(head, from, eol);
            if (field.isEmpty()) {
                break; // the empty line that ends the head
            }
            if (!isField(field)) {
                return rejected(length, 400, "malformed header field");
            }
            int colon = field.indexOf(':');
            String name = field.substring(0, colon);
            String value = field.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Connection")) {
                for (String option : value.split(",")) {
                    close |= option.trim().equalsIgnoreCase("close");
                    keepAlive |= option.trim().equalsIgnoreCase("keep-alive");
                }
            } else if (name.equalsIgnoreCase("Content-Length")) {
                long n = parseLength(value);
                if (n < 0 || (lengthSeen && n != contentLength)) {
                    return rejected(length, 400, "invalid Content-Length");
                }
                contentLength = n;
                lengthSeen = true;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = true;
            }
        }
        return new HttpRequestHead(length, 0, null, method, path, http10,
                !close && (!http10 || keepAlive), contentLength, chunked);
    }

    private static HttpRequestHead rejected(int length, int status, String reason) {
        return new HttpRequestHead(length, status, reason, "", "", false, false, 0, false);
    }

    /** The line {@code bytes[from, eol)} without its CR. */
    private static String line(byte[] bytes, int from, int eol) {
        int end = eol > from && bytes[eol - 1] == '\r' ? eol - 1 : eol;
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] bytes, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The line {@code [from, eol)} without its CR. */
    private static String line(String head, int from, int eol) {
        int end = eol > from && head.charAt(eol - 1) == '\r' ? eol - 1 : eol;
        return head.substring(from, end);
    }

    /** The path of an origin-form ({@code /metrics?x}) or absolute-form ({@code http://h/metrics}) target. */
    private static String path(String target) {
        int from;
        if (target.startsWith("/")) {
            from = 0;
        } else if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            from = target.indexOf('/', target.indexOf("//") + 2);
            if (from < 0) {
                return "/";
            }
        } else if (target.equals("*")) {
            return target; // OPTIONS *: no resource of ours
        } else {
            return null;
        }
        int end = target.length();
        for (int i = from; i < end; i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
            } else if (c < ' ' || c >= 0x7f) {
                return null;
            }
        }
        return target.substring(from, end);
    }

    /** {@code HTTP/d.d}. */
    private static boolean isVersion(String v) {
        return v.length() == 8 && v.startsWith("HTTP/") && isDigit(v.charAt(5)) && v.charAt(6) == '.'
                && isDigit(v.charAt(7));
    }

    /** 1 to 18 digits, else -1. */
    private static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** An RFC 9110 token (a method or a field name). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Bytes the head took, the empty lines before it included. */
    int length() {
        return length;
    }

    /** 0 for a well-formed head, else the status to answer before closing (400, 505). */
    int rejection() {
        return rejection;
    }

    /** Why it was rejected, for the body of the answer. */
    String reason() {
        return reason;
    }

    String method() {
        return method;
    }

    /** The target's path, query and fragment cut off, not decoded. */
    String path() {
        return path;
    }

    boolean isHttp10() {
        return http10;
    }

    /** Whether the client keeps the connection: HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only if it asks. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Bytes of content that follow the head (0 without {@code Content-Length}). */
    long contentLength() {
        return contentLength;
    }

    /** Whether the content comes with a {@code Transfer-Encoding}, so that its end is unknown to this server. */
    boolean chunked() {
        return chunked;
    }
}
