package io.telemetrypoller.it.targets;

import java.util.ArrayList;
import java.util.List;

/** A host that runs out of heap, recovers, and goes on for the given milliseconds. */
public final class OomHost {
    public static void main(String[] args) throws Exception {
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
