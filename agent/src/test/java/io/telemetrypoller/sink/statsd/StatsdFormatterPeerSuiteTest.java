package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import static io.telemetrypoller.TestMaps.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cases of telemetry_metrics_statsd's formatter tests (test/telemetry_metrics_statsd/formatter/
 * standard_test.exs, datadog_test.exs and formatter_test.exs), one test each, written from reading them.
 * Where ours differs the expectation is ours and the comment names the row of docs/differences.md. Left out:
 * "tags passed as explicit argument are used for the formatted metric" (both formatters): the peer's
 * formatter takes the tags as an argument, ours reads them from the metadata by the metric's tag keys, so
 * the case has no counterpart.
 */
class StatsdFormatterPeerSuiteTest {
    private static final Map<String, Object> NONE = Collections.emptyMap();
    private final StatsdLineBuilder standard = new EtsyLineBuilder(null, Collections.<String, String>emptyMap());
    private final StatsdLineBuilder datadog = new DatadogLineBuilder(null, Collections.<String, String>emptyMap());

    private static String format(StatsdLineBuilder b, MetricDefinition m, double v, Map<String, ?> meta) {
        StringBuilder sb = new StringBuilder();
        b.append(sb, m, v, meta);
        return sb.toString();
    }


    private static MetricDefinition lastValue(String... tags) {
        return Metrics.lastValue("my.awesome.metric").tags(tags).build();
    }

    // standard_test: counter update is formatted as a StatsD counter with 1 as a value
    @Test
    void standardCounter() {
        assertEquals("my.awesome.metric:1|c", format(standard, Metrics.counter("my.awesome.metric").build(), 30, NONE));
    }

    // standard_test: positive sum update is formatted as a StatsD gauge with +n value
    // standard_test: negative sum update is formatted as a StatsD gauge with -n value
    @Test
    void standardSum() {
        MetricDefinition m = Metrics.sum("my.awesome.metric").build();
        assertEquals("my.awesome.metric:+21|g", format(standard, m, 21, NONE));
        assertEquals("my.awesome.metric:-21|g", format(standard, m, -21, NONE));
    }

    // standard_test: positive sum as counter update is formatted as a StatsD counter with n value
    // standard_test: negative sum as counter update is dropped
    @Test
    void standardSumAsCounter() {
        MetricDefinition m = Metrics.sum("my.awesome.metric").reportAsCounter().build();
        assertEquals("my.awesome.metric:21|c", format(standard, m, 21, NONE));
        assertEquals("", format(standard, m, -21, NONE));
    }

    // standard_test: last_value update is formatted as a StatsD gauge with absolute value
    // (differences.md: a negative gauge is sent as 0|g then -N|g, since Etsy StatsD reads a bare -N|g as a delta)
    @Test
    void standardLastValue() {
        assertEquals("my.awesome.metric:0|g\nmy.awesome.metric:-18|g", format(standard, lastValue(), -18, NONE));
    }

    // standard_test: summary update is formatted as a StatsD timer
    // standard_test: distribution update is formatted as a StatsD timer
    @Test
    void standardTimers() {
        assertEquals("my.awesome.metric:121|ms", format(standard, Metrics.summary("my.awesome.metric").build(), 121, NONE));
        assertEquals("my.awesome.metric:131|ms",
                format(standard, Metrics.distribution("my.awesome.metric").build(), 131, NONE));
    }

    // standard_test: StatsD metric name is based on metric name and tags
    @Test
    void standardNameFromTags() {
        assertEquals("my.awesome.metric.GET.200:131|g",
                format(standard, lastValue("method", "status"), 131, meta("method", "GET", "status", 200)));
    }

    // standard_test: nil tags are included in the formatted metric
    @Test
    void standardNilTag() {
        assertEquals("my.awesome.metric.GET.nil:131|g",
                format(standard, lastValue("method", "status"), 131, meta("method", "GET", "status", null)));
    }

    // standard_test: empty string tag values are dropped (differences.md: the peer drops the whole line,
    // ours only the empty segment)
    @Test
    void standardEmptyTag() {
        assertEquals("my.awesome.metric.GET:131|g",
                format(standard, lastValue("method", "status"), 131, meta("method", "GET", "status", "")));
    }

    // standard_test: float measurements are rounded to integers (differences.md: decimals kept)
    @Test
    void standardFloats() {
        assertEquals("my.awesome.metric:131.4|g", format(standard, lastValue(), 131.4, NONE));
        assertEquals("my.awesome.metric:131.5|g", format(standard, lastValue(), 131.5, NONE));
    }

    // standard_test: sampling rate is added to third field
    // standard_test: sampling rate is ignored if == 1.0
    @Test
    void standardSampling() {
        assertEquals("my.awesome.metric:131.4|g|@0.2",
                format(standard, Metrics.lastValue("my.awesome.metric").samplingRate(0.2).build(), 131.4, NONE));
        assertEquals("my.awesome.metric:131.4|g",
                format(standard, Metrics.lastValue("my.awesome.metric").samplingRate(1.0).build(), 131.4, NONE));
    }

    // datadog_test: counter update is formatted as a Datadog counter with 1 as a value
    @Test
    void datadogCounter() {
        assertEquals("my.awesome.metric:1|c", format(datadog, Metrics.counter("my.awesome.metric").build(), 30, NONE));
    }

    // datadog_test: positive sum update is formatted as a Datadog counter with n value
    // datadog_test: negative sum update is formatted as a Datadog counter with -n value
    @Test
    void datadogSum() {
        MetricDefinition m = Metrics.sum("my.awesome.metric").build();
        assertEquals("my.awesome.metric:21|c", format(datadog, m, 21, NONE));
        assertEquals("my.awesome.metric:-21|c", format(datadog, m, -21, NONE));
    }

    // datadog_test: last_value update is formatted as a Datadog gauge with absolute value
    @Test
    void datadogLastValue() {
        assertEquals("my.awesome.metric:-18|g", format(datadog, lastValue(), -18, NONE));
    }

    // datadog_test: summary update is formatted as a Datadog histogram
    // datadog_test: distribution update is formatted as a Datadog histogram
    @Test
    void datadogHistograms() {
        assertEquals("my.awesome.metric:121|h", format(datadog, Metrics.summary("my.awesome.metric").build(), 121, NONE));
        assertEquals("my.awesome.metric:131|d",
                format(datadog, Metrics.distribution("my.awesome.metric").build(), 131, NONE));
    }

    // datadog_test: StatsD metric name is based on metric name and tags
    // datadog_test: nil tags are included in the formatted metric
    // datadog_test: empty tag values are included in the formatted metric
    @Test
    void datadogTags() {
        MetricDefinition m = lastValue("method", "status");
        assertEquals("my.awesome.metric:131|g|#method:GET,status:200", format(datadog, m, 131, meta("method", "GET", "status", 200)));
        assertEquals("my.awesome.metric:131|g|#method:nil,status:200", format(datadog, m, 131, meta("method", null, "status", 200)));
        assertEquals("my.awesome.metric:131|g|#method:,status:200", format(datadog, m, 131, meta("method", "", "status", 200)));
    }

    // datadog_test: float measurements are allowed
    // datadog_test: sampling rate is added to third field
    // datadog_test: sampling rate is ignored if == 1.0
    @Test
    void datadogFloatsAndSampling() {
        assertEquals("my.awesome.metric:131.4|g", format(datadog, lastValue(), 131.4, NONE));
        assertEquals("my.awesome.metric:131.5|g", format(datadog, lastValue(), 131.5, NONE));
        assertEquals("my.awesome.metric:131.4|g|@0.2",
                format(datadog, Metrics.lastValue("my.awesome.metric").samplingRate(0.2).build(), 131.4, NONE));
        assertEquals("my.awesome.metric:131.4|g",
                format(datadog, Metrics.lastValue("my.awesome.metric").samplingRate(1.0).build(), 131.4, NONE));
    }

    // datadog_test: unprocessable map tag values are handled safely
    // datadog_test: unprocesable tuple tag values are handled safely (Java has no tuple: a list or an array)
    @Test
    void datadogUnprocessable() {
        MetricDefinition m = lastValue("method", "status");
        assertEquals("my.awesome.metric:131|g|#method:GET,status:_unprocessable",
                format(datadog, m, 131, meta("method", "GET", "status", Collections.singletonMap("code", 200))));
        assertEquals("my.awesome.metric:131|g|#method:GET,status:_unprocessable",
                format(datadog, m, 131, meta("method", "GET", "status", Arrays.asList("ok", 200))));
        assertEquals("my.awesome.metric:131|g|#method:GET,status:_unprocessable",
                format(datadog, m, 131, meta("method", "GET", "status", new Object[] {"ok", 200})));
    }

    // formatter_test: formats the measurement using provided formatter implementation with prefix
    // formatter_test: formats the measurement using provided formatter implementation without prefix
    @Test
    void prefixOrNone() {
        MetricDefinition m = Metrics.counter("my.awesome.metric").build();
        assertEquals("prefix.my.awesome.metric:1|c",
                format(new EtsyLineBuilder("prefix", Collections.<String, String>emptyMap()), m, 1, NONE));
        assertEquals("my.awesome.metric:1|c", format(standard, m, 1, NONE));
    }
}
