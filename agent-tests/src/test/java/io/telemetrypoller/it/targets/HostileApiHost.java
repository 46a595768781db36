package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A host that calls the Telemetry API the wrong ways while the agent runs: a null event name, one
 * with a null element, null measurements and metadata, and a handler that executes the event it
 * handles. Prints what each call did to the host, then "host main done".
 */
public final class HostileApiHost {
    public static void main(String[] args) throws Exception {
        List<String> loop = Arrays.asList("app", "loop");
        try {
            Telemetry.execute(null, Collections.singletonMap("v", 1), Collections.emptyMap());
            Telemetry.execute(Arrays.asList("app", null), Collections.singletonMap("v", 1), Collections.emptyMap());
            Telemetry.execute(Arrays.asList("app", "nulls"), null, null);
            System.out.println("bad calls returned");
        } catch (Throwable t) {
            System.out.println("bad calls threw " + t);
        }
        Telemetry.attach("looper", loop, (event, m, meta, config) -> Telemetry.execute(event, m, meta), null);
        for (int i = 0; i < 3; i++) {
            Telemetry.execute(loop, Collections.singletonMap("v", i), Collections.emptyMap());
        }
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("host main done");
    }
}
