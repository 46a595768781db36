package io.telemetrypoller.agent;

import io.telemetrypoller.internal.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * The thin entry: {@code premain} ({@code -javaagent}) and {@code agentmain} (attach, handled by
 * {@link AgentAttach}). It starts the {@link AgentRuntime} and returns; it catches everything, so a bad
 * option or an agent bug costs the host one line on stderr, never its start. The one exception is
 * {@code strict=true} at start-up, where the user asked for invalid options to stop the JVM.
 *
 * <p>{@code premain} runs on the host's main thread before its {@code main}, so this class names as few
 * others as it can: each class the JVM loads (and verifies) there, cold, costs a few tenths of a
 * millisecond of the host's start. With options that need nothing before {@code main} (no
 * {@code strict}, {@code config}, {@code workers}, {@code executors} or {@code process_info}), nothing is
 * read from them here: they are parsed on the start thread.
 */
public final class AgentEntry {
    private static final String[] READ_IN_PREMAIN = {"strict", "config", "workers", "executors", "process_info"};

    private AgentEntry() {
    }

    public static void premain(String options, Instrumentation inst) {
        try {
            if (JdkTools.silenceIn(System.getProperty("sun.java.command"), agentJarName())) {
                return; // JAVA_TOOL_OPTIONS brought us into jcmd, javac, ... (not java Main.java): stay silent
            }
            if (mentionsAny(options, READ_IN_PREMAIN)) {
                EarlyStart.launch(options, inst); // strict, a config file, or classes to weave from the start
            } else {
                AgentRuntime.launch(options, null, inst); // parsed on the start thread: the host's main goes on
            }
        } catch (Throwable t) {
            RuntimeException strict = OptionsCheck.strictRefusal(t);
            if (strict != null) {
                throw strict; // strict=true: the JVM reports it and does not start
            }
            AgentLog.error("failed to start, the application runs without the agent: " + t);
        }
    }

    public static void agentmain(String options, Instrumentation inst) {
        AgentAttach.agentmain(options, inst);
    }

    /** Whether any of the words occurs in the options: a first look, the precise one is {@link LaunchOptions}'. */
    static boolean mentionsAny(String options, String[] words) {
        if (options == null) {
            return false;
        }
        for (String w : words) {
            if (options.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static String agentJarName() {
        try {
            String path = AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        } catch (Throwable t) {
            return null;
        }
    }
}
