package io.telemetrypoller.agent;

/**
 * Recognises the JDK's own tools (jcmd, jps, jstack, javac, jar, jshell, keytool...) and this jar's CLI
 * from the launcher's {@code sun.java.command}, so an agent that arrives through
 * {@code JAVA_TOOL_OPTIONS} stays silent and starts nothing in them.
 */
final class JdkTools {
    private static final String[] TOOL_PACKAGES = {
        "sun.tools.", "com.sun.tools.", "jdk.internal.", "jdk.tools.", "jdk.jpackage.", "jdk.javadoc.",
        "jdk.jfr.internal.", "sun.jvm.hotspot.", "sun.security.tools.", "sun.rmi.",
        "sun.net.httpserver.simpleserver.", "io.telemetrypoller.cli.",
    };

    private JdkTools() {
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
        for (String p : TOOL_PACKAGES) {
            if (main.startsWith(p)) {
                return true;
            }
        }
        // java -jar telemetry-poller.jar list: our own CLI
        return agentJarName != null && main.endsWith(agentJarName);
    }
}
