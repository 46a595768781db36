package io.telemetrypoller.it.targets;

import io.telemetrypoller.Poller;
import io.telemetrypoller.Telemetry;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Uses telemetry-poller as a plain library (the jar on the class path, no -javaagent): starts a
 * poller, listens to its events, closes it, and reports what it saw and which agent threads remain.
 */
public final class LibraryHost {
    public static void main(String[] args) throws Exception {
        CountDownLatch polls = new CountDownLatch(3);
        Telemetry.attach("library-host", Arrays.asList("vm", "system_counts"),
                (event, measurements, metadata, config) -> polls.countDown(), null);
        try (Poller poller = Poller.builder().name("lib").period(50)
                .measurement("system_counts").mfa(AppStats.class, "dispatch").start()) {
            System.out.println("polled=" + polls.await(30, TimeUnit.SECONDS));
            System.out.println("measurements=" + poller.listMeasurements());
        }
        long left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("telemetry-poller")).filter(Thread::isAlive).count();
        System.out.println("agent threads left=" + left);
    }
}
