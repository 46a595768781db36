import io.telemetrypoller.Telemetry;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A whole-process load of application events: THREADS threads each call Telemetry.execute EVENTS times
 * with a request-like event (4 routes, a status, a duration), as AppEventsBenchmark does, and the
 * program prints the wall time of the calls alone (not the JVM's start or exit). Run it with and
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
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long n = 0; n < events; n++) {
                    Map<String, Object> metadata = new HashMap<>(4);
                    metadata.put("route", ROUTES[(int) (n & 3)]);
                    metadata.put("status", 200);
                    Telemetry.execute(EVENT, Collections.singletonMap("duration", n & 1023), metadata);
                }
            }, "load-" + t);
            workers[t].start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("events " + threads * events + " in " + millis + " ms");
    }
}
