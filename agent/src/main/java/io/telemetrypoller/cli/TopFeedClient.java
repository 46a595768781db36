package io.telemetrypoller.cli;

import io.telemetrypoller.agent.ControlRequest;
import io.telemetrypoller.agent.StatusProperties;
import io.telemetrypoller.internal.PidNamespace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code top}'s end of the feed: asks the agent in the target for a feed ({@code top}) through the Attach
 * API (a local socket only the target's user may open: no port), reads the feed's file (readable by that
 * user only) whose path the agent publishes in a system property, and ends it ({@code top-stop}). The feed also ends by itself once this process is gone, so a
 * {@code kill -9} of the command line leaves nothing behind either.
 */
final class TopFeedClient {
    private static final long START_WAIT_MS = 5000;
    private static final long STOP_WAIT_MS = 2000;

    private final AttachApi.Target jvm;
    private final String viewer = ProcessCheck.ownPid();
    private final String property = ControlRequest.TOP_PROPERTY_PREFIX + viewer;
    private Path file;
    private Path lease;
    private boolean started;
    private boolean stopped;

    TopFeedClient(AttachApi.Target jvm) {
        this.jvm = jvm;
    }

    /** Starts the feed and waits for its first sample; throws with the agent's reason if it does not come. */
    synchronized String start(long intervalMs, String targetTmpdir) throws CliException {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        lease = reachable(jvm.pid, Paths.get(targetTmpdir, ControlRequest.topFileName(viewer, ".lease")).toString());
        renewLease();
        String ns = PidNamespace.ofThisProcess();
        jvm.loadAgent(Cli.agentJar(), ControlRequest.encode(StatusProperties.version(), id, ControlRequest.TOP,
                "interval=" + intervalMs + ",viewer=" + viewer + (ns == null ? "" : ",pidns=" + ns)));
        started = true;
        long wait = Math.max(START_WAIT_MS, 3 * intervalMs);
        long deadline = System.currentTimeMillis() + wait;
        while (System.currentTimeMillis() < deadline) {
            Properties p = jvm.systemProperties();
            String path = p.getProperty(property);
            if (path != null) {
                file = reachable(jvm.pid, path);
                String sample = readComplete();
                if (sample != null) {
                    return sample;
                }
            }
            String reply = p.getProperty(ControlRequest.REPLY_PROPERTY);
            if (reply != null && reply.startsWith(id + " ")) {
                String answer = reply.substring(id.length() + 1);
                throw new CliException("pid " + jvm.pid + ": " + answer.substring(answer.indexOf(' ') + 1));
            }
            Cli.sleep(50);
        }
        throw new CliException("pid " + jvm.pid + ": no sample from the agent within " + wait + " ms (see that JVM's"
                + " stderr)");
    }

    /** The feed's latest sample; CliException when the JVM is gone or the feed ended. */
    String read() throws CliException {
        renewLease();
        for (int i = 0; i < 10; i++) {
            String sample = readComplete();
            if (sample != null) {
                return sample;
            }
            if (!Files.exists(file)) {
                break;
            }
            Cli.sleep(10); // caught half written: read again
        }
        throw new CliException("pid " + jvm.pid + ": the agent's feed ended (the JVM exited, or stop was run there)");
    }

    /** The file's sample up to its {@code end SEQ} if that SEQ is the header's; null if absent or half written. */
    private String readComplete() {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        int headEnd = text.indexOf('\n');
        String[] head = (headEnd < 0 ? text : text.substring(0, headEnd)).split(" ");
        if (head.length < 3) {
            return null;
        }
        String end = "\nend " + head[2] + "\n";
        int at = text.indexOf("\nend ");
        return at >= 0 && text.startsWith(end, at) ? text.substring(0, at + 1) : null;
    }

    /**
     * The feed's file as this process reaches it: through {@code /proc/PID/root} (the target's own file
     * system view, which is this one's unless the target is in a container), as the Attach API finds the
     * target's socket; the path itself where there is no {@code /proc}.
     */
    static Path reachable(String pid, String path) {
        Path root = Paths.get("/proc", pid, "root");
        return Files.isDirectory(root) ? Paths.get(root.toString(), path) : Paths.get(path);
    }

    /** Ends the feed and waits until it has (its property gone); idempotent, never throws. */
    synchronized void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        try {
            jvm.loadAgent(Cli.agentJar(), ControlRequest.encode(StatusProperties.version(), "0", ControlRequest.TOP_STOP,
                    "viewer=" + viewer));
            long deadline = System.currentTimeMillis() + STOP_WAIT_MS;
            while (System.currentTimeMillis() < deadline && jvm.systemProperties().getProperty(property) != null) {
                Cli.sleep(20);
            }
        } catch (CliException | RuntimeException e) {
            // the JVM exited, or this process is going: the feed ends on its own when it sees us gone
        }
        try {
            Files.deleteIfExists(lease);
        } catch (IOException | RuntimeException e) {
            // the feed deletes it too
        }
    }

    /**
     * Creates or touches the lease: a target in another pid namespace cannot see this process, so it
     * ends the feed when the lease is 10 s old (the target's own user, or root, may write there, as the
     * Attach API's socket is there). Never throws: without it such a target ends the feed, and says so.
     */
    private void renewLease() {
        try {
            if (!Files.exists(lease)) {
                Files.createFile(lease);
            }
            Files.setLastModifiedTime(lease, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // see above
        }
    }

}
