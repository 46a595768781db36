package io.telemetrypoller.cli;

import io.telemetrypoller.agent.ControlRequest;
import io.telemetrypoller.agent.StatusProperties;

import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code top}'s end of the feed: asks the agent in the target for a feed ({@code top}), reads it from the
 * target's system properties through the Attach API (a local socket only the target's user may open: no
 * port), and ends it ({@code top-stop}). The feed also ends by itself once this process is gone, so a
 * {@code kill -9} of the command line leaves nothing behind either.
 */
final class TopFeedClient {
    private static final String PROPERTY_PREFIX = "telemetry-poller.top.";
    private static final long START_WAIT_MS = 5000;
    private static final long STOP_WAIT_MS = 2000;

    private final AttachApi.Target jvm;
    private final String viewer = ownPid();
    private final String property = PROPERTY_PREFIX + viewer;
    private boolean started;
    private boolean stopped;

    TopFeedClient(AttachApi.Target jvm) {
        this.jvm = jvm;
    }

    /** Starts the feed and waits for its first sample; throws with the agent's reason if it does not come. */
    synchronized String start(long intervalMs) throws CliException {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        jvm.loadAgent(Cli.agentJar(), ControlRequest.encode(StatusProperties.version(), id, ControlRequest.TOP,
                "interval=" + intervalMs + ",viewer=" + viewer));
        started = true;
        long wait = Math.max(START_WAIT_MS, 3 * intervalMs);
        long deadline = System.currentTimeMillis() + wait;
        while (System.currentTimeMillis() < deadline) {
            Properties p = jvm.systemProperties();
            String feed = p.getProperty(property);
            if (feed != null) {
                return feed;
            }
            String reply = p.getProperty(ControlRequest.REPLY_PROPERTY);
            if (reply != null && reply.startsWith(id + " ")) {
                String answer = reply.substring(id.length() + 1);
                throw new CliException("pid " + jvm.pid + ": " + answer.substring(answer.indexOf(' ') + 1));
            }
            sleep(50);
        }
        throw new CliException("pid " + jvm.pid + ": no sample from the agent within " + wait + " ms (see that JVM's"
                + " stderr; a JVM in another pid namespace cannot see this process and ends the feed at once)");
    }

    /** The feed's latest text; CliException when the JVM is gone or the feed ended. */
    String read() throws CliException {
        String feed = jvm.systemProperties().getProperty(property);
        if (feed == null) {
            throw new CliException("pid " + jvm.pid + ": the agent's feed ended (stop was run there?)");
        }
        return feed;
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
                sleep(20);
            }
        } catch (CliException | RuntimeException e) {
            // the JVM exited, or this process is going: the feed ends on its own when it sees us gone
        }
    }

    private static String ownPid() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host, Java 8 too
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
