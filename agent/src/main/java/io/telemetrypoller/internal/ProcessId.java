package io.telemetrypoller.internal;

import java.lang.management.ManagementFactory;

/**
 * This JVM's process id as a string, from the runtime bean's name ({@code pid@host} on every JDK; Java 8
 * has no {@code ProcessHandle}).
 */
public final class ProcessId {
    private ProcessId() {
    }

    /** The pid, or null where the runtime bean's name does not start with one. */
    public static String ofThisJvm() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : null;
    }
}
