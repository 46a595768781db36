package io.telemetrypoller.sink.json;

import io.telemetrypoller.internal.IsoTime;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLineEncoderTest {
    private static final long TIME = 1795352400123L; // 2026-11-22T13:00:00.123Z

    @Test
    void writesTheContractLine() {
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
        assertEquals("{\"time\":\"2026-11-22T13:00:00.123Z\",\"event\":[\"vm\",\"memory\"],"
                + "\"measurements\":{\"total\":123456,\"heap_used\":42,\"load\":0.25,\"big\":18446744073709551616},"
                + "\"metadata\":{\"pool\":\"G1 Eden Space\",\"quote\":\"a\\\"b\\n\",\"list\":[\"x\",1],\"obj\":\"custom\"}}\n",
                line(new JsonLineEncoder(), TIME, Arrays.asList("vm", "memory"), m, meta));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void valuesThatAreNotNumbersAreLeftOut() {
        Map raw = new LinkedHashMap();
        raw.put("text", "not a number");
        raw.put("inf", Double.NEGATIVE_INFINITY);
        raw.put("ok", 1);
        assertEquals("{\"time\":\"1970-01-01T00:00:00.000Z\",\"event\":[\"app\"],\"measurements\":{\"ok\":1},"
                + "\"metadata\":{}}\n", line(new JsonLineEncoder(), 0, Arrays.asList("app"), raw, Collections.emptyMap()));
    }

    @Test
    void eachEncodeReplacesTheLastLine() {
        JsonLineEncoder e = new JsonLineEncoder();
        line(e, 0, Arrays.asList("a"), Collections.<String, Number>emptyMap(), Collections.emptyMap());
        assertEquals("{\"time\":\"1970-01-01T00:00:01.000Z\",\"event\":[\"b\"],\"measurements\":{},\"metadata\":{}}\n",
                line(e, 1000, Arrays.asList("b"), Collections.<String, Number>emptyMap(), Collections.emptyMap()));
    }

    @Test
    void escapesAndEncodesAsJacksonAndGetBytesDo() {
        String tricky = "q\" b\\ \b\t\n\f\r \u0000\u001f\u007f é € \uD83D\uDE00 lone\uD800 end\uDC00";
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(tricky, tricky);
        meta.put("nested", Collections.singletonMap("k", Arrays.asList(true, false, null, Double.NaN, 1.5f)));
        assertSameAsJackson(TIME, Arrays.asList("e\u00e9", tricky), Collections.singletonMap(tricky, -7L), meta);
    }

    @Test
    void numbersAsJacksonWritesThem() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("min", Long.MIN_VALUE);
        m.put("max", Long.MAX_VALUE);
        m.put("zero", 0);
        m.put("neg", -1);
        m.put("short", (short) -12);
        m.put("byte", (byte) 7);
        m.put("tiny", 1e-300);
        m.put("huge", 1.7976931348623157e308);
        m.put("negzero", -0.0);
        m.put("float", 0.1f);
        m.put("decimal", new BigDecimal("1E+3"));
        m.put("atomic", new AtomicLong(5));
        assertSameAsJackson(TIME, Arrays.asList("n"), m, Collections.emptyMap());
    }

    @Test
    void deepMetadataAsJackson() {
        Object deep = "bottom";
        for (int i = 0; i < JsonLineEncoder.MAX_DEPTH + 3; i++) {
            deep = i % 2 == 0 ? Collections.singletonList(deep) : Collections.singletonMap("d" + i, deep);
        }
        assertSameAsJackson(TIME, Arrays.asList("deep"), Collections.<String, Number>emptyMap(),
                Collections.singletonMap("deep", deep));
    }

    @Test
    void randomEventsAsJackson() {
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            List<String> event = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                event.add(randomString(random));
            }
            Map<String, Number> m = new LinkedHashMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                m.put(randomString(random), randomNumber(random));
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                meta.put(randomString(random), random.nextBoolean() ? randomString(random) : randomNumber(random));
            }
            assertSameAsJackson(random.nextLong() % 253402300799999L & Long.MAX_VALUE, event, m, meta);
        }
    }

    private static Number randomNumber(Random r) {
        switch (r.nextInt(6)) {
            case 5: return (r.nextInt(2_000_001) - 1_000_000) / 1000.0;
            case 0: return r.nextLong();
            case 1: return r.nextInt(1000) - 500;
            case 2: return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 3: return Double.longBitsToDouble(r.nextLong());
            default: return (float) r.nextGaussian();
        }
    }

    private static String randomString(Random r) {
        String alphabet = "ab_\"\\\n\t\u0001\u001f\u007f\u00e9\u20ac\uD83D\uDE00\uD800\uDC00 .:";
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(10); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void wholeThousandthsAsJackson() {
        double[] edges = {0.0, -0.0, 0.001, -0.001, 0.01, 0.1, 0.5, 1.0, 3.0, 4.012, 4.01, 4.1, 9_999_999.999,
                -9_999_999.999, 10_000_000.0, 10_000_000.001, 12_345_678.9, 0.0005, 0.0015, 1e-4, 2.0E-3};
        for (double d : edges) {
            assertSameAsJackson(TIME, Arrays.asList("q"), Collections.singletonMap("v", d), Collections.emptyMap());
        }
        Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            long k = n < 10_000 ? random.nextInt(20_001) - 10_000 : (long) (random.nextDouble() * 2e10) - 10_000_000_000L;
            assertSameAsJackson(TIME, Arrays.asList("q"), Collections.singletonMap("v", k / 1000.0),
                    Collections.singletonMap("m", k / 1000.0));
        }
    }

    @Test
    void oneEncoderFollowsTheTimeAcrossMillisecondsAndDays() {
        JsonLineEncoder encoder = new JsonLineEncoder();
        long[] times = {TIME, TIME, TIME + 1, TIME + 999, 86_400_000L * 20_000 - 1, 86_400_000L * 20_000,
                86_400_000L * 20_000, 0, -1, 253402300799999L, TIME};
        for (long t : times) {
            String line = line(encoder, t, Arrays.asList("t"), Collections.<String, Number>emptyMap(),
                    Collections.emptyMap());
            assertEquals("{\"time\":\"" + IsoTime.format(t) + "\",\"event\":[\"t\"],\"measurements\":{},\"metadata\":{}}\n",
                    line, "epoch ms " + t);
        }
    }

    private static void assertSameAsJackson(long time, List<String> event, Map<String, ? extends Number> m,
                                            Map<String, ?> meta) {
        StringWriter reference = new StringWriter();
        try {
            new JacksonLineWriter(reference).write(time, event, m, meta);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] expected = reference.toString().getBytes(StandardCharsets.UTF_8);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.encode(time, event, m, meta);
        byte[] actual = Arrays.copyOf(encoder.bytes(), encoder.length());
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(actual, StandardCharsets.ISO_8859_1),
                () -> "event " + event + " " + m + " " + meta);
    }

    private static String line(JsonLineEncoder e, long time, List<String> event, Map<String, ? extends Number> m,
                               Map<String, ?> meta) {
        e.encode(time, event, m, meta);
        return new String(e.bytes(), 0, e.length(), StandardCharsets.UTF_8);
    }
}
