package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;

/**
 * Emits [app, big] twice with a metadata value of {@code args[0]} characters ('x'), then [app, small],
 * sleeps {@code args[1]} ms and returns.
 */
public final class BigEvent {
    public static void main(String[] args) throws Exception {
        char[] blob = new char[Integer.parseInt(args[0])];
        Arrays.fill(blob, 'x');
        String value = new String(blob);
        for (int i = 0; i < 2; i++) {
            Telemetry.execute(Arrays.asList("app", "big"), Collections.singletonMap("n", i),
                    Collections.singletonMap("blob", value));
        }
        Telemetry.execute(Arrays.asList("app", "small"), Collections.singletonMap("n", 2), Collections.emptyMap());
        Thread.sleep(Long.parseLong(args[1]));
        System.out.println("host main done");
    }
}
