package io.telemetrypoller.it.servers;

import org.junit.jupiter.api.Tag;

/** Tomcat 11 embedded: its own ThreadPoolExecutor (not the JDK's), named after its threads. */
@Tag("jvm")
class TomcatPoolIT extends ServerPoolScenario {
    @Override
    String server() {
        return "tomcat";
    }

    @Override
    String poolName(int port, String listening) {
        return "http-nio-127.0.0.1-" + port + "-exec";
    }

    @Override
    String poolClass() {
        return "org.apache.tomcat.util.threads.ThreadPoolExecutor";
    }
}
