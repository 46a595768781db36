package io.telemetrypoller.it.reporters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Etsy's StatsD daemon ({@code node stats.js config.js}) on free loopback ports, no backend, flushing
 * every second, read through its admin interface: {@code gauges}, {@code counters}, {@code timers} answer
 * a JavaScript object literal followed by {@code END}.
 */
final class EtsyStatsd implements AutoCloseable {
    private static final Pattern NUMBER_ENTRY = Pattern.compile("'([^']+)': (-?[0-9][0-9.e+E-]*)");
    private static final Pattern ARRAY_ENTRY = Pattern.compile("'([^']+)': \\[([^\\]]*)\\]");

    final int port;
    final int adminPort;
    private final Process process;
    private final Path log;

    private EtsyStatsd(int port, int adminPort, Process process, Path log) {
        this.port = port;
        this.adminPort = adminPort;
        this.process = process;
        this.log = log;
    }

    static EtsyStatsd start() throws Exception {
        return start(RealServers.freeUdpPort());
    }

    /** A server on a UDP port chosen by the caller (e.g. one an agent already sends to). */
    static EtsyStatsd start(int port) throws Exception {
        Path statsd = RealServers.statsd();
        String node = RealServers.node();
        int admin = RealServers.freeTcpPort();
        Path dir = Files.createTempDirectory("statsd");
        Path config = dir.resolve("config.js");
        Files.write(config, ("{ port: " + port + ", mgmt_port: " + admin + ", address: \"127.0.0.1\","
                + " mgmt_address: \"127.0.0.1\", backends: [], flushInterval: 1000 }\n").getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("statsd.log");
        Process p = new ProcessBuilder(node, statsd.toString(), config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EtsyStatsd server = new EtsyStatsd(port, admin, p, log);
        try {
            RealServers.await("the StatsD admin port " + admin, Duration.ofSeconds(15), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("statsd exited: " + server.log());
                }
                return server.command("health").contains("up") ? Boolean.TRUE : null;
            });
        } catch (Throwable t) {
            server.close();
            throw t;
        }
        return server;
    }

    /** The admin answer to one command, without the closing END. */
    String command(String command) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), adminPort)) {
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            while (true) {
                String text = buf.toString(StandardCharsets.UTF_8);
                if (text.trim().endsWith("END") || (command.equals("health") && text.endsWith("\n"))) {
                    return text.replaceAll("\\s*END\\s*$", "");
                }
                int n = in.read(b);
                if (n < 0) {
                    return text;
                }
                buf.write(b, 0, n);
            }
        }
    }

    /** {@code gauges} or {@code counters}: name to value. */
    Map<String, Double> numbers(String command) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = NUMBER_ENTRY.matcher(command(command));
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** {@code timers}: name to the values received since the last flush (as text, e.g. "1, 2"). */
    Map<String, String> timers() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ARRAY_ENTRY.matcher(command("timers"));
        while (m.find()) {
            out.put(m.group(1), m.group(2).trim());
        }
        return out;
    }

    String log() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
