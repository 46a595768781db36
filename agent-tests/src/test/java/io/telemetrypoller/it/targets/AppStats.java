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

    /** Never returns (ignores interrupts), like a call stuck on a dead backend. */
    public static void hang() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep hanging
            }
        }
    }

    /** Emits values no sink can print as numbers: NaN, infinity, and a string smuggled in as a number. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void garbage() {
        java.util.Map m = new java.util.LinkedHashMap();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("text", "not a number");
        m.put("ok", 1);
        Telemetry.execute(Arrays.asList("app", "garbage"), m, Collections.singletonMap("source", "AppStats"));
    }
}
