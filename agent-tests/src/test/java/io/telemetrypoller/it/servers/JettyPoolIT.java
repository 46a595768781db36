package io.telemetrypoller.it.servers;

import org.junit.jupiter.api.Tag;

/** Jetty 12: its QueuedThreadPool's job queue, under the pool's own name. */
@Tag("jvm")
class JettyPoolIT extends ServerPoolScenario {
    @Override
    String server() {
        return "jetty";
    }

    @Override
    String poolName(int port, String listening) {
        String name = listening.substring(listening.indexOf("pool=") + 5);
        org.junit.jupiter.api.Assertions.assertTrue(name.startsWith("qtp"), listening); // Jetty's default name
        return name;
    }

    @Override
    String poolClass() {
        return "org.eclipse.jetty.util.thread.QueuedThreadPool";
    }
}
