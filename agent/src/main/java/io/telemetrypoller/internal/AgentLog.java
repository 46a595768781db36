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
    /** A word in a message longer than this is cut (see {@link #cutLongWords}). */
    static final int LONG_WORD = 96;
    static final int SHOWN_CHARS = 64;

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

    /** Tests only: forgets which keys were reported, so that a test's once-lines do not hide another's. */
    public static void forgetReported() {
        reported.clear();
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
            out.println(PREFIX + cutLongWords(oneLine(message)));
        } catch (Throwable ignored) {
            // a closed stderr must not hurt the host
        }
    }

    /**
     * Every word (a run without spaces) longer than {@link #LONG_WORD} is cut to its first
     * {@link #SHOWN_CHARS} characters and "...": a 1,000-character path or host named in a sink's
     * description, an exception's message and the line around it would otherwise be printed whole,
     * several times. Values quoted by the config's messages are already cut to 64 and stay as they are.
     */
    static String cutLongWords(String message) {
        int n = message.length();
        if (n <= LONG_WORD) {
            return message;
        }
        StringBuilder sb = null;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || message.charAt(i) == ' ') {
                if (i - start > LONG_WORD) {
                    if (sb == null) {
                        sb = new StringBuilder(n).append(message, 0, start);
                    }
                    sb.append(message, start, start + SHOWN_CHARS).append("...");
                } else if (sb != null) {
                    sb.append(message, start, i);
                }
                if (i < n && sb != null) {
                    sb.append(' ');
                }
                start = i + 1;
            }
        }
        return sb == null ? message : sb.toString();
    }

    private static String oneLine(String message) {
        return message.indexOf('\n') < 0 && message.indexOf('\r') < 0
                ? message : message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
