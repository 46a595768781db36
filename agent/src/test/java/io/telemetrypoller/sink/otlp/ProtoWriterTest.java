package io.telemetrypoller.sink.otlp;

import com.google.protobuf.CodedInputStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writer's wire format, read back with protobuf-java's own reader. */
class ProtoWriterTest {
    @Test
    void everyFieldKindRoundTrips() throws Exception {
        ProtoWriter child = new ProtoWriter(1).string(1, "é€");
        ProtoWriter w = new ProtoWriter(1)
                .uint64(1, 300).uint64(2, -1L).fixed64(3, 0x0102030405060708L).dbl(4, -2.5)
                .string(5, "").message(6, child).packedFixed64(7, new long[] {1, 2}).packedDouble(8, new double[] {0.5})
                .bool(9, true).uint64IfNonZero(10, 0).fixed64IfNonZero(11, 0).stringIfNonEmpty(12, "");
        CodedInputStream in = CodedInputStream.newInstance(w.toByteArray());
        assertEquals((1 << 3), in.readTag());
        assertEquals(300, in.readUInt64());
        assertEquals((2 << 3), in.readTag());
        assertEquals(-1L, in.readInt64());
        assertEquals((3 << 3) | 1, in.readTag());
        assertEquals(0x0102030405060708L, in.readFixed64());
        assertEquals((4 << 3) | 1, in.readTag());
        assertEquals(-2.5, in.readDouble());
        assertEquals((5 << 3) | 2, in.readTag());
        assertEquals("", in.readString());
        assertEquals((6 << 3) | 2, in.readTag());
        CodedInputStream nested = CodedInputStream.newInstance(in.readByteArray());
        assertEquals((1 << 3) | 2, nested.readTag());
        assertEquals("é€", nested.readString());
        assertEquals((7 << 3) | 2, in.readTag());
        int limit = in.pushLimit(in.readRawVarint32());
        assertEquals(1, in.readFixed64());
        assertEquals(2, in.readFixed64());
        in.popLimit(limit);
        assertEquals((8 << 3) | 2, in.readTag());
        assertEquals(8, in.readRawVarint32());
        assertEquals(0.5, in.readDouble());
        assertEquals((9 << 3), in.readTag());
        assertEquals(true, in.readBool());
        assertEquals(0, in.readTag());
    }

    @Test
    void stringsAreTheBytesOfGetBytesAndTheSizeFunctionsTheBytesWritten() {
        String[] texts = {"", "G1 Eden Space", "\u00e9", "\u20ac", "\ud83d\ude00", "a\ud800b", "\udc00", "x\ud83d",
                "\u07ff\u0800\uffff", "\u0000\u007f\u0080"};
        for (String t : texts) {
            byte[] expected = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(expected.length, ProtoWriter.utf8Length(t), t);
            ProtoWriter w = new ProtoWriter(1).string(300, t);
            assertEquals(ProtoWriter.stringSize(300, t), w.size(), t);
            byte[] written = w.toByteArray();
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(
                    java.util.Arrays.copyOfRange(written, written.length - expected.length, written.length)), t);
        }
        assertEquals(new ProtoWriter(1).uint64(7, 1L << 40).size(), ProtoWriter.uint64Size(7, 1L << 40));
        assertEquals(new ProtoWriter(1).fixed64(16, 1).size(), ProtoWriter.fixed64Size(16));
        assertEquals(new ProtoWriter(1).packedDouble(7, new double[3]).size(), ProtoWriter.packedSize(7, 3));
        assertEquals(0, ProtoWriter.packedSize(7, 0));
        ProtoWriter sized = new ProtoWriter(ProtoWriter.messageSize(2, ProtoWriter.stringSize(1, "abc")));
        byte[] exact = sized.header(2, ProtoWriter.stringSize(1, "abc")).string(1, "abc").exactArray();
        assertEquals(java.util.Arrays.toString(new ProtoWriter(1).message(2, new ProtoWriter(1).string(1, "abc"))
                .toByteArray()), java.util.Arrays.toString(exact));
    }

    @Test
    void growsPastItsCapacity() {
        ProtoWriter w = new ProtoWriter(1);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            big.append('x');
        }
        w.string(1, big.toString());
        assertEquals(1 + 2 + 1000, w.size());
    }
}
