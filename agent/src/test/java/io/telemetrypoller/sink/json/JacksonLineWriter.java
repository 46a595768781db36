package io.telemetrypoller.sink.json;

import io.telemetrypoller.internal.IsoTime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The reference for {@link JsonLineEncoder}: the same line written with jackson-core's streaming generator,
 * as the sink wrote it before the encoder replaced it (JsonLineEncoderTest compares the two).
 */
final class JacksonLineWriter {
    private static final int MAX_DEPTH = 8;
    private final JsonGenerator gen;
    private final Writer out;

    JacksonLineWriter(Writer out) throws IOException {
        this.out = out;
        JsonFactory factory = new JsonFactory();
        factory.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        factory.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        this.gen = factory.createGenerator(out);
        gen.setRootValueSeparator(null); // each event is its own line; the newline is ours
    }

    void write(long timeMillis, List<String> event, Map<String, ? extends Number> measurements,
                      Map<String, ?> metadata) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("time", IsoTime.format(timeMillis));
        gen.writeArrayFieldStart("event");
        for (int i = 0; i < event.size(); i++) {
            gen.writeString(event.get(i));
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("measurements");
        // read as Object: a caller using raw types can smuggle any value into the map
        for (Map.Entry<?, ?> e : ((Map<?, ?>) measurements).entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number && isFinite((Number) v)) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeNumber((Number) v);
            }
        }
        gen.writeEndObject();
        gen.writeFieldName("metadata");
        writeValue(metadata, 0);
        gen.writeEndObject();
        gen.flush(); // into the Writer only (FLUSH_PASSED_TO_STREAM is off)
        out.write('\n');
    }

    private static boolean isFinite(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return !Double.isNaN(d) && !Double.isInfinite(d);
        }
        return true;
    }

    private void writeNumber(Number n) throws IOException {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            gen.writeNumber(n.longValue());
        } else if (n instanceof Double || n instanceof Float) {
            gen.writeNumber(n.doubleValue());
        } else if (n instanceof BigInteger) {
            gen.writeNumber((BigInteger) n);
        } else if (n instanceof BigDecimal) {
            gen.writeNumber((BigDecimal) n);
        } else {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeNull();
            } else {
                gen.writeNumber(d);
            }
        }
    }

    private void writeValue(Object v, int depth) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof String) {
            gen.writeString((String) v);
        } else if (v instanceof Boolean) {
            gen.writeBoolean((Boolean) v);
        } else if (v instanceof Number) {
            if (isFinite((Number) v)) {
                writeNumber((Number) v);
            } else {
                gen.writeString(v.toString());
            }
        } else if (v instanceof Map && depth < MAX_DEPTH) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeValue(e.getValue(), depth + 1);
            }
            gen.writeEndObject();
        } else if (v instanceof Collection && depth < MAX_DEPTH) {
            gen.writeStartArray();
            for (Object item : (Collection<?>) v) {
                writeValue(item, depth + 1);
            }
            gen.writeEndArray();
        } else {
            gen.writeString(String.valueOf(v));
        }
    }
}
