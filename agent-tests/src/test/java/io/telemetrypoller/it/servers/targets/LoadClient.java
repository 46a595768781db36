package io.telemetrypoller.it.servers.targets;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client of scripts/server-hook-bench.sh: {@code LoadClient PORT CONCURRENCY WARMUP REQUESTS}. Each of
 * CONCURRENCY threads sends HTTP/1.0 GETs, one loopback connection each (as ServerPoolScenario does), WARMUP
 * of them unmeasured, then REQUESTS measured; prints one line: requests per second and the latency's
 * mean, median and 99th percentile in microseconds over all measured requests. Exits 1 if any failed.
 */
public final class LoadClient {
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        long[][] latencies = new long[threads][requests];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch warm = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] clients = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long[] mine = latencies[t];
            clients[t] = new Thread(() -> {
                for (int i = 0; i < warmup; i++) {
                    get(port, failed);
                }
                warm.countDown();
                await(go);
                for (int i = 0; i < requests; i++) {
                    long start = System.nanoTime();
                    get(port, failed);
                    mine[i] = System.nanoTime() - start;
                }
            });
            clients[t].start();
        }
        warm.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread c : clients) {
            c.join();
        }
        long elapsed = System.nanoTime() - start;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double mean = Arrays.stream(all).average().orElse(0) / 1000;
        System.out.printf("requests/s %.0f mean_us %.1f p50_us %.1f p99_us %.1f failed %d%n",
                all.length * 1e9 / elapsed, mean, all[all.length / 2] / 1000.0,
                all[(int) (all.length * 0.99)] / 1000.0, failed.get());
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    private static void get(int port, AtomicInteger failed) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(REQUEST);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            int n = in.read(buf);
            if (n < 12 || buf[9] != '2') {
                failed.incrementAndGet();
            }
            while (in.read(buf) >= 0) {
                // to the server's close
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
