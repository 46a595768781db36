package io.telemetrypoller.it.targets;

import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Application threads emitting request events as fast as they can (issue 13, defect 11): args are the
 * number of threads and of events per thread. Threads are named {@code app-N}.
 */
public final class EventBurst {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("app", "request", "stop"));

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int events = Integer.parseInt(args[1]);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            all[t] = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    Map<String, Object> metadata = new HashMap<>(4);
                    metadata.put("route", (i & 1) == 0 ? "/orders" : "/users");
                    Telemetry.execute(EVENT, Collections.singletonMap("duration", (long) i), metadata);
                }
            }, "app-" + t);
            all[t].start();
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.println("host main done");
    }
}
