package io.telemetrypoller.it.servers;

import org.junit.jupiter.api.Tag;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Netty 4.1: its event-loop group's pending tasks, under the name of its loops' threads. */
@Tag("jvm")
class NettyPoolIT extends ServerPoolScenario {
    @Override
    String server() {
        return "netty";
    }

    @Override
    String poolName(int port, String listening) {
        String name = listening.substring(listening.indexOf("pool=") + 5);
        assertTrue(name.matches("nioEventLoopGroup-\\d+"), listening); // Netty's default thread names
        return name;
    }

    @Override
    String poolClass() {
        return "io.netty.channel.nio.NioEventLoopGroup";
    }
}
