package io.telemetrypoller.agent;

/**
 * Recognises the JDK's own tools (jcmd, jps, jstack, javac, jar, jshell, keytool...) and this jar's CLI
 * from the launcher's {@code sun.java.command}, so an agent that arrives through
 * {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} stays silent and starts nothing in them.
 *
 * <p>Two cases are never silent: an agent given explicitly on the command line (not found in either
 * variable: the user asked for it in this very JVM), and source-file mode ({@code java Main.java},
 * JEP 330), whose launcher class lives in a tool package but which runs the user's program.
 */
final class JdkTools {
    private static final String[] TOOL_PACKAGES = {
        "sun.tools.", "com.sun.tools.", "jdk.internal.", "jdk.tools.", "jdk.jpackage.", "jdk.javadoc.",
        "jdk.jfr.internal.", "sun.jvm.hotspot.", "sun.security.tools.", "sun.rmi.",
        "sun.net.httpserver.simpleserver.", "io.telemetrypoller.cli.",
    };
    /** The source launcher: {@code Main} on JDK 11 to 21, {@code SourceLauncher} from JDK 22. */
    private static final String SOURCE_LAUNCHER = "com.sun.tools.javac.launcher.";
    private static final String[] AGENT_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"};

    private JdkTools() {
    }

    /**
     * Whether the agent must stay silent: a JDK tool it reached through an environment variable. Only
     * inside a tool is the environment read, so an application's premain loads nothing more for this.
     */
    static boolean silenceIn(String sunJavaCommand, String agentJarName) {
        return isJdkTool(sunJavaCommand, agentJarName) && cameThroughEnvironment(agentJarName);
    }

    static boolean isJdkTool(String sunJavaCommand, String agentJarName) {
        if (sunJavaCommand == null || sunJavaCommand.isEmpty()) {
            return false;
        }
        int space = sunJavaCommand.indexOf(' ');
        String main = space < 0 ? sunJavaCommand : sunJavaCommand.substring(0, space);
        int slash = main.indexOf('/');
        if (slash > 0 && !main.endsWith(".jar")) {
            main = main.substring(slash + 1); // module/class, e.g. jdk.jcmd/sun.tools.jcmd.JCmd
        }
        if (main.startsWith(SOURCE_LAUNCHER)) {
            return false; // java Main.java: the user's program, compiled in memory
        }
        for (String p : TOOL_PACKAGES) {
            if (main.startsWith(p)) {
                return true;
            }
        }
        // java -jar telemetry-poller.jar list: our own CLI
        return agentJarName != null && main.endsWith(agentJarName);
    }

    private static boolean cameThroughEnvironment(String agentJarName) {
        try {
            for (String name : AGENT_VARIABLES) {
                if (namesAgent(System.getenv(name), agentJarName)) {
                    return true;
                }
            }
            return false; // not in the environment: -javaagent on the command line
        } catch (SecurityException e) {
            return true; // cannot tell: a tool stays silent, as before
        }
    }

    /** Whether {@code options} (a JAVA_TOOL_OPTIONS value) holds a -javaagent: naming this jar. */
    static boolean namesAgent(String options, String agentJarName) {
        if (options == null) {
            return false;
        }
        int at = options.indexOf("-javaagent:");
        while (at >= 0) {
            int end = options.indexOf('=', at);
            int space = options.indexOf(' ', at);
            if (end < 0 || (space >= 0 && space < end)) {
                end = space < 0 ? options.length() : space;
            }
            String jar = options.substring(at + "-javaagent:".length(), end);
            if (agentJarName == null || jar.endsWith(agentJarName)) {
                return true;
            }
            at = options.indexOf("-javaagent:", end);
        }
        return false;
    }
}
