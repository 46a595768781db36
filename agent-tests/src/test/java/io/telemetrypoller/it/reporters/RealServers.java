package io.telemetrypoller.it.reporters;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Where the real servers are (installed by scripts/test-servers.sh) and the rule for a missing one:
 * with {@code CI=true} the test fails, elsewhere it is skipped with an assumption that names what is missing.
 */
public final class RealServers {
    static final Path REPO = Paths.get(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Path STATSD_JS = REPO.resolve(".test-tools/statsd/node_modules/statsd/stats.js");

    private RealServers() {
    }

    static Path statsd() {
        require(Files.isRegularFile(STATSD_JS), "Etsy StatsD (" + STATSD_JS + ")");
        return STATSD_JS;
    }

    static String node() {
        return onPath("node");
    }

    static String prometheus() {
        return onPath("prometheus");
    }

    static String promtool() {
        return onPath("promtool");
    }

    /** The command's path on PATH; missing: a failure under CI=true, else the test is skipped. */
    public static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, command);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        require(false, command + " (on PATH)");
        return null;
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing: run scripts/test-servers.sh";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    /** A free loopback TCP port (free when asked: bind it soon). */
    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A loopback port free for both UDP and TCP (StatsD listens on UDP; its admin port is TCP). */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code check} every 100 ms until it returns non-null; fails with {@code what} on timeout. */
    static <T> T await(String what, Duration timeout, Callable<T> check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = check.call();
                if (value != null) {
                    return value;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }
}
