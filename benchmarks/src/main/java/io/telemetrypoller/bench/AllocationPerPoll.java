package io.telemetrypoller.bench;

import io.telemetrypoller.Telemetry;
import io.telemetrypoller.measurement.BuiltInMeasurements;
import io.telemetrypoller.config.MeasurementSpec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap allocated per poll, from HotSpot's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), exact to the byte and free of GC noise.
 *
 * <pre>
 *   java -cp benchmarks.jar io.telemetrypoller.bench.AllocationPerPoll measurements [POLLS]
 *   java -javaagent:telemetry-poller.jar=period=10,sink=... -cp benchmarks.jar \
 *        io.telemetrypoller.bench.AllocationPerPoll agent [SECONDS]
 * </pre>
 *
 * {@code measurements}: the default measurements polled on this thread into one no-op handler attached
 * to every event (what a sink is handed), after a warm-up; prints bytes per poll.
 * {@code agent}: inside a JVM started with the agent, the agent's own poller thread
 * ({@code telemetry-poller-default}) over SECONDS, polls counted by a handler on
 * {@code [vm, system_counts]}: the measurements and the configured sinks together, with the thread's CPU
 * time per poll (printed on stderr). A long period shows what a poll costs when its code and the
 * kernel's caches are cold.
 */
public final class AllocationPerPoll {
    private AllocationPerPoll() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "measurements";
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (mode.equals("measurements")) {
            int polls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
            List<io.telemetrypoller.Measurement> ms = new ArrayList<>();
            for (String name : MeasurementSpec.DEFAULTS) {
                ms.add(BuiltInMeasurements.create(name));
            }
            AtomicLong seen = new AtomicLong();
            Telemetry.attachAll("allocation-per-poll", (e, m, md, c) -> seen.incrementAndGet(), null);
            for (int i = 0; i < polls; i++) { // warm-up: JIT, first-read caches
                poll(ms);
            }
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < polls; i++) {
                poll(ms);
            }
            long after = threads.getThreadAllocatedBytes(tid);
            System.out.printf("measurements: %d polls, %d events/poll, %.0f bytes/poll%n", polls,
                    seen.get() / (2L * polls), (after - before) / (double) polls);
        } else if (mode.equals("agent")) {
            int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
            AtomicLong polls = new AtomicLong();
            Telemetry.attach("allocation-per-poll", Arrays.asList("vm", "system_counts"),
                    (e, m, md, c) -> polls.incrementAndGet(), null);
            Thread.sleep(2000); // the agent's first polls: class loading, first JSON line
            long tid = pollerThread();
            if (tid < 0) {
                System.err.println("agent: no telemetry-poller-default thread (was the agent started?)");
                System.exit(1);
            }
            long p0 = polls.get();
            long before = threads.getThreadAllocatedBytes(tid);
            long cpuBefore = threads.getThreadCpuTime(tid);
            Thread.sleep(seconds * 1000L);
            long after = threads.getThreadAllocatedBytes(tid);
            long cpuAfter = threads.getThreadCpuTime(tid);
            long n = polls.get() - p0;
            // on stderr: the agent's stdout sink writes its JSON lines to stdout
            System.err.printf("agent: %d polls in %d s, %.0f bytes/poll on the poller thread, %.0f us CPU/poll%n",
                    n, seconds, n == 0 ? Double.NaN : (after - before) / (double) n,
                    n == 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e3 / n);
        } else {
            System.err.println("usage: AllocationPerPoll measurements [POLLS] | agent [SECONDS]");
            System.exit(2);
        }
    }

    private static void poll(List<io.telemetrypoller.Measurement> ms) throws Exception {
        for (io.telemetrypoller.Measurement m : ms) {
            m.measure();
        }
    }

    private static long pollerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("telemetry-poller-default")) {
                return t.getId();
            }
        }
        return -1;
    }
}
