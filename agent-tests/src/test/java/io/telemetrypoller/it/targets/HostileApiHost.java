package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A host that feeds the Telemetry API what a careless application would (issue 13, defects 4 and 5):
 * null and holey event names, null measurements and metadata, and a handler that executes its own event.
 */
public final class HostileApiHost {
    public static void main(String[] args) throws Exception {
        List<String> loop = Arrays.asList("app", "loop");
        Telemetry.attach("echo", loop, (e, m, md, c) -> Telemetry.execute(e, m, md), null);
        for (int i = 0; i < 3; i++) {
            Telemetry.execute(null, Collections.singletonMap("x", 1), null);
            Telemetry.execute(Arrays.asList("app", null), Collections.singletonMap("x", 1), null);
            Telemetry.execute(Arrays.asList("app", "nulls"), null, null);
            Telemetry.execute(loop, Collections.singletonMap("n", i), null);
        }
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("host main done");
    }
}
