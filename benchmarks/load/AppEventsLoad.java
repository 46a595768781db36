import io.telemetrypoller.Telemetry;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole-process load of application events: THREADS threads each call Telemetry.execute EVENTS times
 * with a request-like event (4 routes, a status, a duration), as AppEventsBenchmark does, and the
 * program prints the wall time of the calls alone (not the JVM's start or exit), the CPU time the calling
 * threads spent in them (summed over the threads, so it does not count time spent waiting for a core:
 * the figure that still means something on a loaded machine), and the whole process's CPU time over
 * the same interval (the agent's own threads included). Run it with and
 * without the agent and with different agent jars (scripts/app-events-load.sh) to compare them in one
 * run; compiled against whichever agent jar runs it.
 */
public final class AppEventsLoad {
    private static final List<String> EVENT = Collections.unmodifiableList(Arrays.asList("app", "request", "stop"));
    private static final String[] ROUTES = {"/orders", "/orders/{id}", "/users", "/health"};

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long events = Long.parseLong(args[1]);
        CountDownLatch go = new CountDownLatch(1);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        AtomicLong callerCpuNanos = new AtomicLong();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long cpuStart = cpu.getCurrentThreadCpuTime();
                for (long n = 0; n < events; n++) {
                    Map<String, Object> metadata = new HashMap<>(4);
                    metadata.put("route", ROUTES[(int) (n & 3)]);
                    metadata.put("status", 200);
                    Telemetry.execute(EVENT, Collections.singletonMap("duration", n & 1023), metadata);
                }
                callerCpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - cpuStart);
            }, "load-" + t);
            workers[t].start();
        }
        long processCpuStart = processCpuNanos();
        long start = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long processCpu = processCpuNanos() - processCpuStart;
        long total = threads * events;
        System.out.println("events " + total + " in " + millis + " ms; callers' cpu " + callerCpuNanos.get() / 1_000_000
                + " ms (" + callerCpuNanos.get() / total + " ns/event); process cpu " + processCpu / 1_000_000 + " ms ("
                + processCpu / total + " ns/event)");
    }

    /** The whole process's CPU time (utime + stime of /proc/self/stat, in clock ticks of 10 ms), in ns. */
    private static long processCpuNanos() throws java.io.IOException {
        String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/self/stat")), "US-ASCII");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
