package io.telemetrypoller.sink.otlp;

import java.util.Arrays;

/**
 * A minimal protobuf (proto3) wire-format writer: varints, fixed64, doubles, strings and nested
 * messages, into a growable byte array. Hand-written so that the agent jar carries no protobuf runtime
 * (the OTLP message set is small; see docs/reporters.md). A nested message is written either from a
 * child writer ({@link #message}, one copy) or in place after {@link #header} with its length computed
 * beforehand by the static size functions ({@link MetricsRequestEncoder} does so: one exact array, no copy).
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

    /** A string field, encoded as {@code String.getBytes(UTF_8)} would (a lone surrogate as {@code ?}). */
    ProtoWriter string(int field, String value) {
        int length = utf8Length(value);
        tag(field, LENGTH_DELIMITED);
        varint(length);
        ensure(length);
        utf8(value);
        return this;
    }

    /** The tag and length of a nested message of {@code length} bytes, which the caller writes next. */
    ProtoWriter header(int field, int length) {
        tag(field, LENGTH_DELIMITED);
        varint(length);
        return this;
    }

    /** Bytes of a varint. */
    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    static int tagSize(int field) {
        return varintSize((long) field << 3);
    }

    /** Bytes of a fixed64 or double field. */
    static int fixed64Size(int field) {
        return tagSize(field) + 8;
    }

    /** Bytes of a varint field. */
    static int uint64Size(int field, long value) {
        return tagSize(field) + varintSize(value);
    }

    /** Bytes of a nested message field whose content is {@code length} bytes. */
    static int messageSize(int field, int length) {
        return tagSize(field) + varintSize(length) + length;
    }

    static int stringSize(int field, String value) {
        return messageSize(field, utf8Length(value));
    }

    /** Bytes of a packed repeated fixed64 or double field (none when empty). */
    static int packedSize(int field, int count) {
        return count == 0 ? 0 : messageSize(field, 8 * count);
    }

    /** The UTF-8 length {@code String.getBytes(UTF_8)} gives: a lone surrogate becomes one byte. */
    static int utf8Length(String s) {
        int n = s.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // two chars, four bytes
                i++;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            }
        }
        return length;
    }

    private void utf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[size++] = (byte) '?';
            } else {
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** The array written so far when it is exactly full (the size computed beforehand was right), else a copy. */
    byte[] exactArray() {
        return size == buf.length ? buf : toByteArray();
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
        ensure(varintSize(value)); // exactly: a presized array must not grow for its last varint
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
