package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;

/** Custom measurements for mfa=: {@code dispatch} emits [app, stats]; {@code fail} always throws. */
public final class AppStats {
    private static long calls;

    private AppStats() {
    }

    public static void dispatch() {
        calls++;
        Telemetry.execute(Arrays.asList("app", "stats"), Collections.singletonMap("calls", calls),
                Collections.singletonMap("source", "AppStats"));
    }

    public static void fail() {
        throw new IllegalStateException("stats backend down");
    }
}
