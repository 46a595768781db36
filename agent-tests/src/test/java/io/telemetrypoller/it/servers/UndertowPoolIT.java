package io.telemetrypoller.it.servers;

import org.junit.jupiter.api.Tag;

/** Undertow 2.3 on XNIO 3.8: the worker's task pool (JBoss Threads), named after its threads. */
@Tag("jvm")
class UndertowPoolIT extends ServerPoolScenario {
    @Override
    String server() {
        return "undertow";
    }

    @Override
    String poolName(int port, String listening) {
        return "XNIO-1 task"; // XNIO's first worker in the JVM names its threads XNIO-1 task-N
    }

    @Override
    String poolClass() {
        return "org.jboss.threads.EnhancedQueueExecutor";
    }
}
