package io.telemetrypoller.it.reporters;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetrypoller.it.AgentJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A collector that hangs, fails with 500, or whose TLS certificate the JVM does not trust: the host runs
 * unchanged, the stdout sink beside the otlp one delivers every poll, the failure is one line, and the
 * agent's own telemetry ({@code [telemetry_poller, sink]}) counts the dropped requests. otlps:// against a
 * real TLS server (a certificate made with the JDK's keytool) delivers once the JVM trusts it through the
 * standard javax.net.ssl properties.
 */
@Tag("jvm")
class OtlpFaultIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path keystore;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = dir.resolve("collector.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "collector", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    private static Predicate<JsonNode> otlpSinkStats() {
        return e -> AgentJvm.named("telemetry_poller", "sink").test(e)
                && e.get("metadata").get("sink").asText().startsWith("otlp");
    }

    /** Waits for the agent's own telemetry to count a dropped request of the otlp sink; the stdout sink goes on. */
    private static void awaitDroppedAndPollsGoOn(AgentJvm jvm) throws Exception {
        jvm.awaitEvents(e -> otlpSinkStats().test(e) && e.get("measurements").get("dropped").asLong() >= 1, 1, TIMEOUT);
        int before = jvm.events().stream().filter(AgentJvm.named("vm", "memory")).collect(Collectors.toList()).size();
        jvm.awaitEvents(AgentJvm.named("vm", "memory"), before + 5, TIMEOUT);
    }

    private static List<String> linesWith(AgentJvm jvm, String text) throws Exception {
        return jvm.agentLines().stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    @Test
    void aCollectorThatNeverAnswersTimesOutOnceAndTheExitIsNotHeld() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hanging.accept()); // read nothing, answer nothing
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + hanging.getLocalPort()
                    + "+stdout,period=200,measurements=memory+agent").example(14).start()) {
                awaitDroppedAndPollsGoOn(jvm);
                assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
                List<String> timedOut = linesWith(jvm, "export failed");
                assertEquals(1, timedOut.size(), jvm.describe());
                assertTrue(timedOut.get(0).contains("SocketTimeoutException"), timedOut.get(0));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void anInternalServerErrorIsReportedOnceAndCounted() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> new OtlpReceiver.Answer(500, null, new byte[0]));
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlp://127.0.0.1:" + receiver.port()
                     + "+stdout,period=200,measurements=memory+agent").example(4).start()) {
            awaitDroppedAndPollsGoOn(jvm);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> failed = linesWith(jvm, "HTTP 500");
            assertEquals(1, failed.size(), jvm.describe());
            assertTrue(receiver.drain().size() >= 2, "each export was tried once, none retried forever");
        }
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeOnceAndTheHostRunsOn() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok(), serverTls());
             AgentJvm jvm = AgentJvm.builder().agent("sink=otlps://127.0.0.1:" + receiver.port()
                     + "+stdout,period=200,measurements=memory+agent").example(4).start()) {
            awaitDroppedAndPollsGoOn(jvm);
            assertEquals(0, jvm.awaitExit(TIMEOUT), jvm.describe());
            List<String> failed = linesWith(jvm, "export failed");
            assertEquals(1, failed.size(), jvm.describe());
            assertTrue(failed.get(0).contains("SSLHandshakeException"), failed.get(0));
            assertEquals(0, receiver.drain().size(), "nothing got through");
        }
    }

    @Test
    void otlpsDeliversWhenTheJvmTrustsTheCollectorThroughTheStandardProperties() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(n -> OtlpReceiver.Answer.ok(), serverTls());
             AgentJvm jvm = AgentJvm.builder().jvmArg("-Djavax.net.ssl.trustStore=" + keystore)
                     .jvmArg("-Djavax.net.ssl.trustStorePassword=" + PASSWORD)
                     .jvmArg("-Djavax.net.ssl.trustStoreType=PKCS12")
                     .agent("sink=otlps://127.0.0.1:" + receiver.port() + ",period=200").example(30).start()) {
            OtlpReceiver.Received r = receiver.await(TIMEOUT);
            assertEquals("telemetry-poller", r.request.getResourceMetrics(0).getScopeMetrics(0).getScope().getName());
            assertEquals(List.of(), linesWith(jvm, "export failed"), jvm.describe());
        }
    }
}
