package io.telemetrypoller.sink.json;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonEventWriterTest {
    private static final long TIME = 1795352400123L; // 2026-11-22T13:00:00.123Z

    @Test
    void writesTheContractLine() throws Exception {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("total", 123456L);
        m.put("heap_used", 42);
        m.put("load", 0.25);
        m.put("nan", Double.NaN);
        m.put("big", new BigInteger("18446744073709551616"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("pool", "G1 Eden Space");
        meta.put("quote", "a\"b\n");
        meta.put("list", Arrays.asList("x", 1));
        meta.put("obj", new Object() {
            @Override
            public String toString() {
                return "custom";
            }
        });
        StringWriter out = new StringWriter();
        new JsonEventWriter(out).write(TIME, Arrays.asList("vm", "memory"), m, meta);
        assertEquals("{\"time\":\"2026-11-22T13:00:00.123Z\",\"event\":[\"vm\",\"memory\"],"
                + "\"measurements\":{\"total\":123456,\"heap_used\":42,\"load\":0.25,\"big\":18446744073709551616},"
                + "\"metadata\":{\"pool\":\"G1 Eden Space\",\"quote\":\"a\\\"b\\n\",\"list\":[\"x\",1],\"obj\":\"custom\"}}\n",
                out.toString());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void valuesThatAreNotNumbersAreLeftOut() throws Exception {
        Map raw = new LinkedHashMap();
        raw.put("text", "not a number");
        raw.put("inf", Double.NEGATIVE_INFINITY);
        raw.put("ok", 1);
        StringWriter out = new StringWriter();
        new JsonEventWriter(out).write(0, Arrays.asList("app"), raw, Collections.emptyMap());
        assertEquals("{\"time\":\"1970-01-01T00:00:00.000Z\",\"event\":[\"app\"],\"measurements\":{\"ok\":1},"
                + "\"metadata\":{}}\n", out.toString());
    }

    @Test
    void successiveEventsAreSeparateLines() throws Exception {
        StringWriter out = new StringWriter();
        JsonEventWriter w = new JsonEventWriter(out);
        w.write(0, Arrays.asList("a"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        w.write(0, Arrays.asList("b"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        assertEquals("{\"time\":\"1970-01-01T00:00:00.000Z\",\"event\":[\"a\"],\"measurements\":{},\"metadata\":{}}\n"
                + "{\"time\":\"1970-01-01T00:00:00.000Z\",\"event\":[\"b\"],\"measurements\":{},\"metadata\":{}}\n",
                out.toString());
    }

    @Test
    void isoTimeAlwaysHasThreeFractionDigits() {
        assertEquals("2026-11-22T13:00:00.123Z", IsoTime.format(TIME));
        assertEquals("2026-11-22T13:00:00.000Z", IsoTime.format(TIME - 123));
        assertEquals("2000-02-29T23:59:59.999Z", IsoTime.format(951868799999L));
    }
}
