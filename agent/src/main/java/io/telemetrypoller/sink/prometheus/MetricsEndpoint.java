package io.telemetrypoller.sink.prometheus;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server answers, request by request: {@code GET} or {@code HEAD} of {@code /metrics} (or
 * {@code /metrics/}) the scrape's text; another method there 405 with {@code Allow: GET, HEAD}; any
 * other path 404 {@code not found: the metrics are at /metrics}. Then the connection's fate:
 *
 * <ul>
 *   <li>kept after the answer unless the client says otherwise (HTTP/1.1 without
 *       {@code Connection: close}, HTTP/1.0 with {@code Connection: keep-alive});</li>
 *   <li>closed after a request with content: none of ours takes any, so its bytes are not read but left
 *       to the closing connection, which cannot take them for the next request;</li>
 *   <li>closed after 400 (malformed), 411 (a {@code Transfer-Encoding}: its content's end is unknown
 *       without decoding it, and nothing here needs content), 431 (head over
 *       {@link HttpRequestHead#MAX_BYTES}), 505 and 500 (the scrape threw: reported once, counted as a
 *       sink failure, and the next scrape is tried afresh).</li>
 * </ul>
 *
 * The server's thread only, except {@link #scrapes()}.
 */
final class MetricsEndpoint {
    private static final String NOT_FOUND = "not found: the metrics are at /metrics\n";

    private final String description;
    private final MetricsHttpServer.Scrape scrape;
    private final AtomicLong scrapes = new AtomicLong();

    MetricsEndpoint(String description, MetricsHttpServer.Scrape scrape) {
        this.description = description;
        this.scrape = scrape;
    }

    HttpResponse answer(HttpRequestHead request) {
        if (request.rejection() != 0) {
            return HttpResponse.text(request.rejection(), request.reason() + "\n").closing();
        }
        if (request.chunked()) {
            return HttpResponse.text(411, "a Transfer-Encoding is not accepted: send Content-Length\n").closing();
        }
        String method = request.method();
        boolean head = "HEAD".equals(method);
        HttpResponse response;
        if (!"/metrics".equals(request.path()) && !"/metrics/".equals(request.path())) {
            response = HttpResponse.text(404, NOT_FOUND);
        } else if (head || "GET".equals(method)) {
            response = render(!head);
        } else {
            response = new HttpResponse(405, null, new byte[0]).allow("GET, HEAD");
        }
        if (head) {
            response.withoutBody();
        }
        if (!request.keepAlive() || request.contentLength() > 0) {
            response.closing();
        } else if (request.isHttp10()) {
            response.keptAlive();
        }
        return response;
    }

    /** The answer to a head past {@link HttpRequestHead#MAX_BYTES}. */
    HttpResponse tooLarge() {
        return HttpResponse.text(431, "request head over " + HttpRequestHead.MAX_BYTES + " bytes\n").closing();
    }

    /** Called once a response is written whole. */
    void sent(HttpResponse response) {
        if (response.isScrape()) {
            scrapes.incrementAndGet();
        }
    }

    /** 200 answers to GET written whole; any thread. */
    long scrapes() {
        return scrapes.get();
    }

    private HttpResponse render(boolean get) {
        byte[] body;
        try {
            body = scrape.render();
        } catch (Throwable t) {
            SelfStats.SINK_FAILURES.incrementAndGet();
            AgentLog.warnOnce("prometheus-render:" + description, "sink " + description + ": a scrape failed"
                    + " (answered 500; reported once, the next scrapes are tried): " + t);
            return HttpResponse.text(500, "the scrape failed\n").closing();
        }
        HttpResponse response = new HttpResponse(200, TextFormat.CONTENT_TYPE, body);
        return get ? response.scrape() : response;
    }
}
