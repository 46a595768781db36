package io.telemetrypoller.it.targets;

import java.util.ArrayList;
import java.util.List;

/**
 * A host that runs out of heap while the agent runs, recovers, and goes on for the given milliseconds.
 * It lets the agent's first poll finish first: a JDK class whose initialisation fails for lack of heap
 * stays unusable for the JVM's life, which no agent can undo (docs/reliability.md).
 */
public final class OomHost {
    public static void main(String[] args) throws Exception {
        Thread.sleep(500);
        List<long[]> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(new long[1 << 16]);
            }
        } catch (OutOfMemoryError e) {
            hog = null;
            System.out.println("host survived OutOfMemoryError");
        }
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("host main done");
    }
}
