package io.telemetrypoller.bench;

import io.micrometer.core.instrument.Clock;
import io.micrometer.statsd.MicrometerStatsdAccess;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.telemetrypoller.Measurement;
import io.telemetrypoller.Poller;
import io.telemetrypoller.sink.Sink;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The whole CPU cost of one poll's worth of StatsD reporting (the 44 series of a default poll), every
 * thread counted: JMH times only the calling thread, while Micrometer's registry hands its lines to a
 * Reactor Netty event loop that packs and sends them, and telemetry-poller's sink packs the lines of a
 * poll's events and sends them when the poll completes. Each variant runs in its own JVM (the argument),
 * polls every millisecond, reports to a loopback UDP socket that a thread of this process drains (the
 * receive side is the same for both), and prints the process CPU time per poll (getProcessCpuTime:
 * JIT and GC threads included, after as many polls of warm-up) and the lines received per poll.
 *
 * <pre>
 *   java [-Dstatsd_mtu=1400] -cp benchmarks.jar io.telemetrypoller.bench.StatsdCpu telemetry-poller|micrometer [POLLS]
 * </pre>
 */
public final class StatsdCpu {
    private StatsdCpu() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "telemetry-poller";
        int polls = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        List<ReporterBenchmark.Event> events = ReporterBenchmark.capture();
        DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        AtomicLong lines = new AtomicLong();
        Thread drain = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    receiver.receive(buf);
                    for (int i = 0; i < buf.position(); i++) {
                        if (buf.get(i) == '\n') {
                            lines.incrementAndGet();
                        }
                    }
                    lines.incrementAndGet(); // the last line of the datagram has no '\n'
                }
            } catch (Exception closed) {
                // done
            }
        }, "drain");
        drain.setDaemon(true);
        drain.start();

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LongSupplier pollCount;
        Runnable stop;
        if (which.equals("telemetry-poller")) {
            // the way the agent reports a poll: the events arrive on the poller's own thread, the sink packs
            // their lines into datagrams and sends them when the poll completes
            String mtu = System.getProperty("statsd_mtu"); // 512 by default; Micrometer packs up to 1,400 bytes
            Sink sink = ReporterBenchmark.sink("sink=statsd://127.0.0.1:" + port
                    + (mtu == null ? "" : ",statsd_mtu=" + mtu));
            Measurement replay = new Measurement() {
                @Override
                public String name() {
                    return "replay";
                }

                @Override
                public void measure() throws Exception {
                    for (ReporterBenchmark.Event e : events) {
                        sink.accept(e.name, e.measurements, e.metadata);
                    }
                }
            };
            Poller poller = Poller.builder().name("statsd-cpu").period(1).measurement(replay)
                    .onPollComplete(() -> {
                        try {
                            sink.flush();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).start();
            pollCount = poller::pollCount;
            stop = poller::close;
        } else if (which.equals("micrometer")) {
            // its scheduler polls the gauges and hands the lines to Reactor Netty, which packs and sends them
            StatsdMeterRegistry registry = StatsdMeterRegistry.builder(ReporterBenchmark.micrometerConfig(port))
                    .clock(Clock.SYSTEM).build();
            ReporterBenchmark.register(registry, events);
            AtomicLong micrometerPolls = new AtomicLong();
            Thread t = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        MicrometerStatsdAccess.poll(registry);
                        micrometerPolls.incrementAndGet();
                        Thread.sleep(1); // the same pace as the poller's 1 ms period
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            }, "micrometer-poll");
            t.setDaemon(true);
            t.start();
            pollCount = micrometerPolls::get;
            stop = t::interrupt;
        } else {
            System.err.println("usage: StatsdCpu telemetry-poller|micrometer [POLLS]");
            System.exit(2);
            return;
        }
        awaitPolls(pollCount, polls); // warm-up
        long p0 = pollCount.getAsLong();
        long l0 = lines.get();
        long cpu0 = os.getProcessCpuTime();
        awaitPolls(pollCount, p0 + polls);
        long p1 = pollCount.getAsLong();
        long cpu1 = os.getProcessCpuTime();
        Thread.sleep(200); // the last datagrams
        long n = p1 - p0;
        stop.run();
        System.out.printf("%s: %d polls, %.1f us CPU per poll (all threads), %.1f lines received per poll%n",
                which, n, (cpu1 - cpu0) / 1e3 / n, (lines.get() - l0) / (double) n);
    }

    private static void awaitPolls(LongSupplier count, long target) throws InterruptedException {
        while (count.getAsLong() < target) {
            Thread.sleep(10);
        }
    }
}
