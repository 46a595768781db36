package io.telemetrypoller.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkToolsTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "jdk.jcmd/sun.tools.jcmd.JCmd -l", "jdk.jcmd/sun.tools.jps.Jps", "jdk.jcmd/sun.tools.jstack.JStack 12",
        "jdk.compiler/com.sun.tools.javac.Main A.java", "jdk.jartool/sun.tools.jar.Main cf x.jar",
        "sun.tools.jps.Jps", "com.sun.tools.javac.Main", "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider",
        "java.base/sun.security.tools.keytool.Main -list", "jdk.jlink/jdk.tools.jlink.internal.Main",
        "jdk.jfr/jdk.jfr.internal.tool.Main print x.jfr", "/opt/agent/telemetry-poller.jar list",
    })
    void jdkToolsAndOurCliAreRecognised(String command) {
        assertTrue(JdkTools.isJdkTool(command, "telemetry-poller.jar"), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "example-target/target/example-target.jar --seconds 5", "com.acme.Main", "org.apache.catalina.startup.Bootstrap start",
        "my.module/com.acme.Main", "",
        // source-file mode (JEP 330), JDK 17 and JDK 22+: the user's program (issue 13, defect 3)
        "jdk.compiler/com.sun.tools.javac.launcher.Main Main.java",
        "jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher Main.java a b",
    })
    void applicationsAreNot(String command) {
        assertFalse(JdkTools.isJdkTool(command, "telemetry-poller.jar"), command);
    }

    @org.junit.jupiter.api.Test
    void theAgentIsFoundInAToolOptionsVariableOnlyWhenItNamesThisJar() {
        assertTrue(JdkTools.namesAgent("-javaagent:/opt/telemetry-poller.jar=period=10", "telemetry-poller.jar"));
        assertTrue(JdkTools.namesAgent("-Xmx1g -javaagent:/a/other.jar -javaagent:/opt/telemetry-poller.jar",
                "telemetry-poller.jar"));
        assertFalse(JdkTools.namesAgent("-javaagent:/a/other.jar=x=telemetry-poller.jar", "telemetry-poller.jar"));
        assertFalse(JdkTools.namesAgent("-Xmx1g", "telemetry-poller.jar"));
        assertFalse(JdkTools.namesAgent(null, "telemetry-poller.jar"));
    }
}
