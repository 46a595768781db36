package io.telemetrypoller.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Attach API's exceptions (messages as JDK 17 and 25 word them) in the user's terms. */
class AttachApiFailuresTest {
    /** Stands for com.sun.tools.attach.AttachNotSupportedException, matched by simple name. */
    static final class AttachNotSupportedException extends Exception {
        AttachNotSupportedException(String m) {
            super(m);
        }
    }

    static final class AgentLoadException extends Exception {
        AgentLoadException(String m) {
            super(m);
        }
    }

    @Test
    void attachDisabled() {
        assertEquals("pid 42 does not accept attach: it runs with -XX:+DisableAttachMechanism (start it with"
                + " -javaagent instead, see docs/attach.md)", AttachApi.Failures.attach("42",
                new AttachNotSupportedException("The VM does not support the attach mechanism")));
    }

    @Test
    void anotherUser() {
        assertEquals("pid 42 belongs to another user: the JVM accepts attach only from its own user"
                + " (Operation not permitted)", AttachApi.Failures.attach("42", new IOException("Operation not permitted")));
    }

    @Test
    void goneOrUnknown() {
        assertEquals("no such process: 42", AttachApi.Failures.attach("42", new IOException("No such process")));
        assertEquals("no such process: 42", AttachApi.Failures.attach("42",
                new AttachNotSupportedException("non existent JVM pid: 42")));
    }

    @Test
    void noAnswer() {
        assertEquals("pid 42 did not answer the attach request: it is not a HotSpot JVM, or it runs with -Xrs or"
                + " -XX:+DisableAttachMechanism, or in a container whose /tmp this command does not see",
                AttachApi.Failures.attach("42", new AttachNotSupportedException("Unable to open socket file"
                        + " /tmp/.java_pid42: target process 42 doesn't respond within 10500ms or HotSpot VM not loaded")));
    }

    @Test
    void dynamicLoadingDisabled() {
        assertEquals("pid 42 refuses agents loaded at run time (-XX:-EnableDynamicAgentLoading): restart it with"
                + " -XX:+EnableDynamicAgentLoading, or with -javaagent:/opt/tp.jar",
                AttachApi.Failures.loadAgent("42", "/opt/tp.jar", "#cli 0.1.0 1 attach", new AgentLoadException(
                        "Failed to load agent library: Dynamic agent loading is not enabled. Use"
                                + " -XX:+EnableDynamicAgentLoading to launch target VM.")));
    }

    @Test
    void optionsTooLongForTheAttachProtocol() {
        StringBuilder args = new StringBuilder("#cli 0.1.0 1 attach tags=");
        while (args.length() < 1100) {
            args.append("k:v+");
        }
        String line = AttachApi.Failures.loadAgent("42", "/opt/tp.jar", args.toString(), new IOException("Premature EOF"));
        assertEquals("pid 42: the options are too long for its attach protocol (" + (args.length() + 12)
                + " characters with the jar's path; many JVMs take at most 1024): put them in a file and attach"
                + " with config=FILE", line);
    }
}
