package io.telemetrypoller.sink.prometheus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpRequestHeadTest {
    @Test
    void aPrometheusScrape() {
        String text = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9464\r\nUser-Agent: Prometheus/2.42.0\r\n"
                + "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\n"
                + "Accept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n";
        HttpRequestHead head = parse(text + "GET /next");
        assertEquals("GET /metrics HTTP/1.1 keep-alive length=" + text.length(), describe(head));
    }

    @Test
    void incompleteHeadsAreNull() {
        assertNull(parse(""));
        assertNull(parse("GET /metrics HTTP/1.1"));
        assertNull(parse("GET /metrics HTTP/1.1\r\nHost: a\r\n"));
        assertNull(parse("GET /metrics HTTP/1.1\r\nHost: a\r\n\r"));
        assertNull(parse("\r\n\r\n"));
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() {
        assertEquals("GET /metrics HTTP/1.1 keep-alive length=28", describe(parse("GET /metrics HTTP/1.1\nA: b\n\n")));
        assertEquals("GET /metrics HTTP/1.1 keep-alive length=28", describe(parse("\r\n\nGET /metrics HTTP/1.1\r\n\r\n")));
    }

    @Test
    void thePathLosesQueryAndFragmentAndTheAbsoluteFormItsAuthority() {
        assertEquals("/metrics", parse("GET /metrics?a=1&b=/x HTTP/1.1\r\n\r\n").path());
        assertEquals("/metrics/", parse("GET /metrics/#top HTTP/1.1\r\n\r\n").path());
        assertEquals("/metrics", parse("GET HTTP://h:9464/metrics?x HTTP/1.1\r\n\r\n").path());
        assertEquals("/", parse("GET http://h:9464 HTTP/1.1\r\n\r\n").path());
        assertEquals("*", parse("OPTIONS * HTTP/1.1\r\n\r\n").path());
        assertEquals("/%6Detrics", parse("GET /%6Detrics HTTP/1.1\r\n\r\n").path());
    }

    @Test
    void connectionOptions() {
        assertEquals("GET / HTTP/1.1 close length=37", describe(parse("GET / HTTP/1.1\r\nconnection: Close\r\n\r\n")));
        assertEquals("GET / HTTP/1.1 close length=49",
                describe(parse("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n")));
        assertEquals("GET / HTTP/1.0 close length=18", describe(parse("GET / HTTP/1.0\r\n\r\n")));
        assertEquals("GET / HTTP/1.0 keep-alive length=52",
                describe(parse("GET / HTTP/1.0\r\nConnection: Upgrade,  Keep-Alive\r\n\r\n")));
        assertEquals("GET / HTTP/1.1 keep-alive length=18", describe(parse("GET / HTTP/1.2\r\n\r\n")));
    }

    @Test
    void contentLengthAndTransferEncoding() {
        assertEquals(5, parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").contentLength());
        assertEquals(5, parse("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length:5\r\n\r\n").contentLength());
        assertEquals(0, parse("GET / HTTP/1.1\r\n\r\n").contentLength());
        assertTrue(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").chunked());
        assertFalse(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").chunked());
    }

    @Test
    void malformedHeadsAreRejectedWithTheirStatus() {
        assertEquals("400 malformed request line", rejection("GET /metrics\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("GET  /metrics HTTP/1.1\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("GET /metrics HTTP/1.1 x\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("GET /metrics http/1.1\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("GET metrics HTTP/1.1\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("G(T /metrics HTTP/1.1\r\n\r\n"));
        assertEquals("400 malformed request line", rejection("GET /met\u0001rics HTTP/1.1\r\n\r\n"));
        assertEquals("505 only HTTP/1.0 and HTTP/1.1 are served", rejection("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        assertEquals("400 malformed header field", rejection("GET / HTTP/1.1\r\nHost : a\r\n\r\n"));
        assertEquals("400 malformed header field", rejection("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"));
        assertEquals("400 malformed header field", rejection("GET / HTTP/1.1\r\nno colon\r\n\r\n"));
        assertEquals("400 malformed header field", rejection("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"));
        assertEquals("400 invalid Content-Length", rejection("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assertEquals("400 invalid Content-Length", rejection("GET / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n"));
        assertEquals("400 invalid Content-Length",
                rejection("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals("400 invalid Content-Length", rejection("GET / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n"));
    }

    @Test
    void whatCannotBecomeARequestIsRejectedBeforeItsEnd() {
        // a TLS ClientHello's record header: content type 22, version 3.1, then binary
        assertEquals("400 not an HTTP/1.x request length=5", early("\u0016\u0003\u0001\u0002\u0000"));
        assertEquals("400 not an HTTP/1.x request length=4", early("\u0000\u00ff\u0010G"));
        assertEquals("400 not an HTTP/1.x request length=14", early("GET /metrics\r\n")); // HTTP/0.9: no version, no head end
        assertEquals("400 not an HTTP/1.x request length=6", early("GET  /"));
        assertEquals("400 not an HTTP/1.x request length=17", early("GET /metrics HTTQ"));
        assertEquals("400 not an HTTP/1.x request length=23", early("GET /metrics HTTP/1.1\r\r"));
        assertEquals("400 not an HTTP/1.x request length=29", early("GET /metrics HTTP/1.1\r\n\u0001\u0002:x\r\n"));
        assertEquals("400 not an HTTP/1.x request length=6", early("\r\nG\u0080T "));
        // whatever can still grow into a head waits for more
        for (String prefix : new String[] {"G", "GET", "GET ", "GET /m", "GET /metrics ", "GET /metrics HTTP/",
                "GET /metrics HTTP/1.", "GET /metrics HTTP/1.1\r", "GET /metrics HTTP/1.1\r\nHost: a\r\nAcc",
                "GET /metrics HTTP/1.1\r\nUser-Agent: \u00ff\u0001"}) {
            assertNull(parse(prefix), prefix);
        }
    }

    private static String early(String text) {
        HttpRequestHead head = parse(text);
        return head.rejection() + " " + head.reason() + " length=" + head.length();
    }

    private static HttpRequestHead parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestHead.parse(b, b.length);
    }

    private static String describe(HttpRequestHead head) {
        assertEquals(0, head.rejection());
        return head.method() + " " + head.path() + (head.isHttp10() ? " HTTP/1.0" : " HTTP/1.1")
                + (head.keepAlive() ? " keep-alive" : " close") + " length=" + head.length();
    }

    private static String rejection(String text) {
        HttpRequestHead head = parse(text);
        return head.rejection() + " " + head.reason();
    }
}
