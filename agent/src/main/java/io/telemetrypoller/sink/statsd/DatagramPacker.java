package io.telemetrypoller.sink.statsd;

import java.nio.ByteBuffer;

/**
 * Packs StatsD lines into datagrams of at most {@code mtu} bytes, joined by {@code \n}, as
 * telemetry_metrics_statsd does: a line that does not fit in the current datagram sends it and starts
 * the next; a line longer than the MTU goes alone in its own datagram (it may be fragmented or dropped on
 * the way, but it never stops the reporter). A unit given to {@link #add} (e.g. the two lines of a
 * negative gauge) is never split between datagrams.
 *
 * <p>Thread rules: synchronized; lines are ASCII (see {@link StatsdText}), copied one char per byte.
 */
final class DatagramPacker {
    private final int mtu;
    private final PacketSender sender;
    private final ByteBuffer packet;

    DatagramPacker(int mtu, PacketSender sender) {
        this.mtu = mtu;
        this.sender = sender;
        this.packet = ByteBuffer.allocate(mtu);
    }

    /** Adds one line (or an unsplittable group of lines joined by {@code \n}). */
    synchronized void add(CharSequence line) {
        int n = line.length();
        if (n == 0) {
            return;
        }
        if (n > mtu) {
            flush();
            ByteBuffer alone = ByteBuffer.allocate(n);
            copy(line, alone);
            alone.flip();
            sender.send(alone);
            return;
        }
        int needed = packet.position() == 0 ? n : n + 1;
        if (needed > packet.remaining()) {
            flush();
        } else if (packet.position() > 0) {
            packet.put((byte) '\n');
        }
        copy(line, packet);
    }

    /** Sends the datagram being filled, if any. */
    synchronized void flush() {
        if (packet.position() == 0) {
            return;
        }
        packet.flip();
        try {
            sender.send(packet);
        } finally {
            packet.clear();
        }
    }

    private static void copy(CharSequence line, ByteBuffer to) {
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            to.put(c < 0x80 ? (byte) c : (byte) '_');
        }
    }
}
