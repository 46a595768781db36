package io.telemetrypoller.internal;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * This process's pid namespace, as {@code /proc/self/ns/pid} names it ({@code pid:[4026531836]}): {@code top}
 * and the feed it starts compare theirs to know whether the feed can see {@code top}'s pid.
 */
public final class PidNamespace {
    private PidNamespace() {
    }

    /** This process's pid namespace, or null where there is no {@code /proc/self/ns} (not Linux). */
    public static String ofThisProcess() {
        try {
            return Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString();
        } catch (Exception | Error e) {
            return null;
        }
    }
}
