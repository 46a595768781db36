package io.telemetrypoller.sink.statsd;

import java.nio.ByteBuffer;

/** Where finished datagrams go: {@link UdpSender}, or a list in tests. Must never block. */
interface PacketSender {
    /** Sends the buffer's remaining bytes as one datagram, or drops and counts it. Never throws. */
    void send(ByteBuffer packet);
}
