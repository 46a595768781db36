package io.telemetrypoller.sink.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal protobuf (proto3) wire-format writer: varints, fixed64, doubles, strings and nested
 * messages, into a growable byte array. Hand-written so that the agent jar carries no protobuf runtime
 * (the OTLP message set is small; see docs/reporters.md). Nested messages are written into a child
 * writer and copied in with their length, which costs one copy per level and keeps the code obvious.
 *
 * <p>Proto3 rules kept here: a scalar field equal to its default is not written (the caller decides:
 * {@link #uint64} etc. always write; the {@code ...IfNonZero} forms skip zero).
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private byte[] buf;
    private int size;

    ProtoWriter() {
        this(256);
    }

    ProtoWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void reset() {
        size = 0;
    }

    /** A varint field (uint64, int64, int32 as two's complement, bool, enum). */
    ProtoWriter uint64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter uint64IfNonZero(int field, long value) {
        return value == 0 ? this : uint64(field, value);
    }

    ProtoWriter bool(int field, boolean value) {
        return uint64(field, value ? 1 : 0);
    }

    /** A fixed64 or sfixed64 field (the OTLP timestamps and histogram counts). */
    ProtoWriter fixed64(int field, long value) {
        tag(field, FIXED64);
        raw64(value);
        return this;
    }

    ProtoWriter fixed64IfNonZero(int field, long value) {
        return value == 0 ? this : fixed64(field, value);
    }

    /** A double field; written even when 0 (the callers' fields are in a oneof or proto3 optional). */
    ProtoWriter dbl(int field, double value) {
        tag(field, FIXED64);
        raw64(Double.doubleToRawLongBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        tag(field, LENGTH_DELIMITED);
        varint(bytes.length);
        append(bytes, 0, bytes.length);
        return this;
    }

    ProtoWriter stringIfNonEmpty(int field, String value) {
        return value == null || value.isEmpty() ? this : string(field, value);
    }

    /** A nested message field holding what {@code child} has written. */
    ProtoWriter message(int field, ProtoWriter child) {
        tag(field, LENGTH_DELIMITED);
        varint(child.size);
        append(child.buf, 0, child.size);
        return this;
    }

    /** A packed repeated fixed64 field. */
    ProtoWriter packedFixed64(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        tag(field, LENGTH_DELIMITED);
        varint(8L * values.length);
        for (long v : values) {
            raw64(v);
        }
        return this;
    }

    /** A packed repeated double field. */
    ProtoWriter packedDouble(int field, double[] values) {
        if (values.length == 0) {
            return this;
        }
        tag(field, LENGTH_DELIMITED);
        varint(8L * values.length);
        for (double v : values) {
            raw64(Double.doubleToRawLongBits(v));
        }
        return this;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[size++] = (byte) value;
    }

    private void raw64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void append(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
