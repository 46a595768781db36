package io.telemetrypoller.sink.statsd;

import io.telemetrypoller.internal.AgentLog;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends datagrams on a non-blocking, unconnected {@link DatagramChannel}: the emitting thread never waits
 * on the network, and an absent server costs nothing but a counted drop (an unconnected UDP socket is
 * not told about the ICMP "port unreachable", so no error storm either). A full socket buffer, an
 * unknown address or an I/O error drops the datagram and counts it; the first error of each kind is
 * reported once on stderr.
 *
 * <p>Thread rules: {@link #send} from any thread (the {@link DatagramPacker} calls it under its lock).
 */
final class UdpSender implements PacketSender, Closeable {
    private final String description;
    private final StatsdAddress address;
    private final DatagramChannel channel;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    UdpSender(String description, String host, int port) throws IOException {
        this.description = description;
        this.address = new StatsdAddress(host, port);
        this.channel = DatagramChannel.open();
        this.channel.configureBlocking(false);
    }

    @Override
    public void send(ByteBuffer packet) {
        InetSocketAddress to = address.current();
        if (to == null) {
            dropped.incrementAndGet();
            return;
        }
        try {
            if (channel.send(packet, to) > 0) {
                sent.incrementAndGet();
            } else {
                dropped.incrementAndGet(); // socket buffer full: never wait for room
            }
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            AgentLog.warnOnce("statsd-send:" + description + ":" + e.getClass().getName(),
                    "sink " + description + ": cannot send: " + e + " (dropped and counted; reported once)");
        }
    }

    long sent() {
        return sent.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
