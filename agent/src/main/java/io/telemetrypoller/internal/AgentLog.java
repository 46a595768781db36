package io.telemetrypoller.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own messages: one line each on stderr, prefixed {@code telemetry-poller: }.
 * Levels: {@code quiet} prints only the error that kept the agent from starting, {@code info} adds the
 * start-up line and each failure (once), {@code debug} adds detail. Never throws.
 */
public final class AgentLog {
    public enum Level { QUIET, INFO, DEBUG }

    public static final String PREFIX = "telemetry-poller: ";
    private static final int MAX_REPORTED_KEYS = 10_000;

    private static volatile Level level = Level.INFO;
    private static volatile PrintStream out = System.err;
    private static final Set<String> reported = ConcurrentHashMap.newKeySet();

    private AgentLog() {
    }

    public static void setLevel(Level newLevel) {
        level = newLevel;
    }

    public static Level level() {
        return level;
    }

    /** For tests: where the lines go. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** The error that stopped the agent (bad options): printed at every level. */
    public static void error(String message) {
        print(message);
    }

    public static void info(String message) {
        if (level != Level.QUIET) {
            print(message);
        }
    }

    public static void warn(String message) {
        if (level != Level.QUIET) {
            print(message);
        }
    }

    /** A failure that may repeat: reported the first time its key is seen, counted always by the caller. */
    public static void warnOnce(String key, String message) {
        if (reported.size() < MAX_REPORTED_KEYS && reported.add(key)) {
            warn(message);
        }
    }

    public static void debug(String message) {
        if (level == Level.DEBUG) {
            print(message);
        }
    }

    public static boolean isDebug() {
        return level == Level.DEBUG;
    }

    private static void print(String message) {
        try {
            out.println(PREFIX + oneLine(message));
        } catch (Throwable ignored) {
            // a closed stderr must not hurt the host
        }
    }

    private static String oneLine(String message) {
        return message.indexOf('\n') < 0 && message.indexOf('\r') < 0
                ? message : message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
