package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;

/**
 * A host that uses the Telemetry API next to the agent: attaches a handler that throws on
 * [vm, memory], emits its own [app, request] event, then keeps running for the given milliseconds.
 */
public final class HandlerHost {
    public static void main(String[] args) throws Exception {
        Telemetry.attach("host-broken", Arrays.asList("vm", "memory"), (e, m, md, c) -> {
            throw new IllegalArgumentException("host handler bug");
        }, null);
        Telemetry.execute(Arrays.asList("app", "request"), Collections.singletonMap("duration", 12L),
                Collections.singletonMap("route", "/orders"));
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("host main done");
    }
}
