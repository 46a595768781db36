package io.telemetrypoller.sink.statsd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatagramPackerTest {
    private final List<String> packets = new ArrayList<>();
    private final PacketSender capture = packet -> {
        byte[] b = new byte[packet.remaining()];
        packet.get(b);
        packets.add(new String(b, StandardCharsets.US_ASCII));
    };

    @Test
    void packsLinesUpToTheMtu() {
        DatagramPacker packer = new DatagramPacker(20, capture);
        packer.add("a.b:1|g");   // 7
        packer.add("a.c:22|g");  // 7 + 1 + 8 = 16
        packer.add("a.d:3|g");   // 16 + 1 + 7 = 24 > 20: sends the first two
        packer.add("abcdefghijk:1|g"); // 7 + 1 + 15 = 23 > 20
        packer.flush();
        assertEquals(Arrays.asList("a.b:1|g\na.c:22|g", "a.d:3|g", "abcdefghijk:1|g"), packets);
    }

    @Test
    void fillsExactlyToTheMtu() {
        DatagramPacker packer = new DatagramPacker(15, capture);
        packer.add("a.b:1|g");
        packer.add("a.c:1|g"); // 7 + 1 + 7 = 15: fits
        packer.add("x:1|c");
        packer.flush();
        assertEquals(Arrays.asList("a.b:1|g\na.c:1|g", "x:1|c"), packets);
    }

    @Test
    void aLineLongerThanTheMtuGoesAlone() {
        DatagramPacker packer = new DatagramPacker(10, capture);
        packer.add("a:1|g");
        packer.add("a.very.long.name:123456|g");
        packer.add("b:2|g");
        packer.flush();
        assertEquals(Arrays.asList("a:1|g", "a.very.long.name:123456|g", "b:2|g"), packets);
    }

    @Test
    void aNegativeGaugePairIsNeverSplit() {
        DatagramPacker packer = new DatagramPacker(24, capture);
        packer.add("a.b:1|g");
        packer.add("a.m:0|g\na.m:-5|g"); // 7 + 1 + 16 = 24: fits
        packer.add("c.d:0|g\nc.d:-7|g");
        packer.flush();
        assertEquals(Arrays.asList("a.b:1|g\na.m:0|g\na.m:-5|g", "c.d:0|g\nc.d:-7|g"), packets);
    }

    @Test
    void flushWithNothingPendingSendsNothing() {
        DatagramPacker packer = new DatagramPacker(512, capture);
        packer.flush();
        packer.add("");
        packer.flush();
        assertEquals(new ArrayList<String>(), packets);
    }

    @Test
    void nonAsciiNeverReachesTheWire() {
        DatagramPacker packer = new DatagramPacker(512, capture);
        packer.add("caf\u00e9:1|g");
        packer.flush();
        assertEquals(Arrays.asList("caf_:1|g"), packets);
    }
}
