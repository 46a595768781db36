package io.telemetrypoller.it.reporters;

import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sink at once against a destination that cannot take its output: a StatsD host that never
 * resolves, a StatsD host that is blackholed (TEST-NET-1, where nothing answers), a Prometheus
 * scraper that sends requests and never reads an answer, and a FIFO nobody reads as a file sink (refused). The poller goes on (the stdout sink keeps
 * receiving polls while they are blocked), each blocked sink costs only itself, and the JVM exits
 * once main returns.
 */
@Tag("jvm")
class BlockedDestinationsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void pollingGoesOnTheOtherSinksDeliverAndTheJvmExits() throws Exception {
        int port = RealServers.freeTcpPort();
        String unresolvable = "statsd://no-such-host.invalid:8125";
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (AgentJvm jvm = AgentJvm.builder().agent("period=200,measurements=memory,sink=" + unresolvable
                + "+statsd://192.0.2.1:8125+prometheus://127.0.0.1:" + port + "+file:" + fifo + "+stdout")
                .example(8).start();
             Socket scraper = connectWhenListening(port)) {
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), 2, TIMEOUT);
            // pipelined scrapes, none of their answers read: the server's writes to this client block
            scraper.setReceiveBufferSize(4096);
            OutputStream out = scraper.getOutputStream();
            byte[] request = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 200; i++) {
                out.write(request);
            }
            out.flush();
            int before = jvm.awaitEvents(AgentJvm.named("vm", "memory"), 1, TIMEOUT).size();
            jvm.awaitEvents(AgentJvm.named("vm", "memory"), before + 10, TIMEOUT);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> resolve = jvm.agentLines().stream().filter(l -> l.contains("cannot resolve no-such-host.invalid"))
                    .collect(Collectors.toList());
            assertEquals(1, resolve.size(), jvm.describe());
            assertTrue(jvm.agentLines().stream().noneMatch(l -> l.contains("failed to")), jvm.describe());
            assertEquals(1, jvm.agentLines().stream().filter(l -> l.contains("sink file:" + fifo + " not started: "))
                    .count(), jvm.describe());
        }
    }

    private static Socket connectWhenListening(int port) throws Exception {
        return RealServers.await("the Prometheus port to listen", TIMEOUT, () -> {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                return null;
            }
        });
    }
}
