package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;

/** Emits [app, early] as the first thing main does, then returns at once: the JVM exits within milliseconds. */
public final class EarlyEvent {
    public static void main(String[] args) {
        Telemetry.execute(Arrays.asList("app", "early"), Collections.singletonMap("n", 1),
                Collections.singletonMap("phase", "main"));
    }
}
