package io.telemetrypoller.sink.otlp;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telemetrypoller.metrics.MetricDefinition;
import io.telemetrypoller.metrics.MetricIndex;
import io.telemetrypoller.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OTLP/HTTP JSON, parsed by protobuf-java-util's JsonFormat into the official classes (an unknown field
 * or enum fails the parse): the same request as the protobuf encoding of the same points.
 */
class MetricsJsonEncoderTest {
    private static final Map<String, String> RESOURCE = new LinkedHashMap<>();

    static {
        RESOURCE.put("service.name", "shop \"north\"");
        RESOURCE.put("host.name", "h\u00e9te\n1");
    }

    private static ExportMetricsServiceRequest parseJson(byte[] json) throws Exception {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), b);
        return b.build();
    }

    private static List<MetricSnapshot> everyKind() {
        MetricIndex index = MetricIndex.of(MetricsRequestEncoderTest.DEFINITIONS);
        MetricAggregator agg = new MetricAggregator("otlp://test", Collections.singletonMap("region", "eu"));
        Map<String, Number> request = new HashMap<>();
        request.put("bytes", 300);
        request.put("duration", 50.25);
        index.dispatch(Arrays.asList("http", "request"), request, Collections.singletonMap("method", "GET"), agg);
        request.put("duration", 1e-7);
        index.dispatch(Arrays.asList("http", "request"), request, Collections.singletonMap("method", "P\\OST"), agg);
        index.dispatch(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 2_048_000), Collections.emptyMap(), agg);
        return agg.collect(false, 2_000_000_000L);
    }

    @Test
    void everyKindParsesToTheSameRequestAsTheProtobufEncoding() throws Exception {
        List<MetricSnapshot> metrics = everyKind();
        for (boolean delta : new boolean[] {false, true}) {
            ExportMetricsServiceRequest proto = ExportMetricsServiceRequest.parseFrom(
                    new MetricsRequestEncoder(RESOURCE, "0.1.0").encode(metrics, delta));
            ExportMetricsServiceRequest json = parseJson(new MetricsJsonEncoder(RESOURCE, "0.1.0").encode(metrics, delta));
            assertEquals(proto, json);
            assertEquals(5, json.getResourceMetrics(0).getScopeMetrics(0).getMetricsCount());
        }
    }

    @Test
    void valuesJsonHasNoNumberForAreStringsAsTheProtobufJsonMappingWritesThem() throws Exception {
        MetricDefinition gauge = Metrics.lastValue("vm.odd").build();
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -2.5, 0};
        List<PointSnapshot> points = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new PointSnapshot(new String[] {"i"}, new String[] {String.valueOf(i)}, 0,
                    -1L /* 2^64-1 as fixed64 */, values[i], 0, 0, 0, 0, null, null));
        }
        List<MetricSnapshot> metrics = Collections.singletonList(new MetricSnapshot(gauge, OtlpKind.GAUGE, points));
        byte[] json = new MetricsJsonEncoder(Collections.<String, String>emptyMap(), "").encode(metrics, false);
        assertEquals(ExportMetricsServiceRequest.parseFrom(new MetricsRequestEncoder(
                Collections.<String, String>emptyMap(), "").encode(metrics, false)), parseJson(json));
        Metric m = parseJson(json).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        NumberDataPoint nan = m.getGauge().getDataPoints(0);
        assertEquals(Double.NaN, nan.getAsDouble());
        assertEquals(-1L, nan.getTimeUnixNano());
        String[] written = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1.0E300", "-2.5", "0"};
        StringBuilder expected = new StringBuilder("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[]},"
                + "\"scopeMetrics\":[{\"scope\":{\"name\":\"telemetry-poller\"},\"metrics\":[{\"name\":\"vm.odd\","
                + "\"gauge\":{\"dataPoints\":[");
        for (int i = 0; i < written.length; i++) {
            expected.append(i == 0 ? "" : ",").append("{\"attributes\":[{\"key\":\"i\",\"value\":{\"stringValue\":\"")
                    .append(i).append("\"}}],\"timeUnixNano\":\"18446744073709551615\",\"asDouble\":")
                    .append(written[i]).append('}');
        }
        expected.append("]}}]}]}]}");
        assertEquals(expected.toString(), new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void partialSuccessIsReadFromTheJsonAnswer() {
        MetricsJsonEncoder e = new MetricsJsonEncoder(RESOURCE, "");
        assertEquals(3, e.rejectedPoints(bytes("{\"partialSuccess\":{\"rejectedDataPoints\":\"3\",\"errorMessage\":\"x\"}}")));
        assertEquals(12, e.rejectedPoints(bytes("{ \"partialSuccess\" : { \"rejectedDataPoints\" : 12 } }")));
        assertEquals(0, e.rejectedPoints(bytes("{}")));
        assertEquals(0, e.rejectedPoints(bytes("{\"partialSuccess\":{}}")));
        assertEquals(0, e.rejectedPoints(bytes("<html>502 Bad Gateway</html>")));
        assertEquals(0, e.rejectedPoints(new byte[0]));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
