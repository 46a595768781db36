package io.telemetrypoller.agent;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.config.ProcessInfoSpecs;
import io.telemetrypoller.config.WorkerSpec;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.CapturingThread;
import io.telemetrypoller.internal.PidNamespace;
import io.telemetrypoller.measurement.ContainerMeasurement;
import io.telemetrypoller.measurement.MemoryMeasurement;
import io.telemetrypoller.measurement.RunQueueMeasurement;
import io.telemetrypoller.measurement.RuntimeMeasurement;
import io.telemetrypoller.measurement.SafepointsMeasurement;
import io.telemetrypoller.measurement.SystemCountsMeasurement;
import io.telemetrypoller.measurement.processinfo.ExecutorMeasurement;
import io.telemetrypoller.measurement.processinfo.ProcessInfoMeasurement;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code top PID} watches: a daemon thread, {@code telemetry-poller-top}, that every interval runs its
 * own instances of the measurements the view shows and writes their events, one a line, into a file of
 * the JVM's temporary directory readable by its user only, whose path it publishes in the system property
 * {@code telemetry-poller.top.VIEWER} (VIEWER: the command line's pid): the command line finds it
 * through the Attach API and reads it directly. Nothing else changes: the events are captured on this thread
 * ({@link CapturingThread}) and never reach the running agent's sinks, its configuration is not touched,
 * and no port is opened.
 *
 * <p>The file's first line is {@code top 1 SEQ INTERVAL_MS}, then one event a line ({@link #appendLine}),
 * then {@code end SEQ}. Workers: the running agent's worker classes, else every thread
 * ({@code process_info:thread:*}), at most {@value #MAX_ROWS} (the longest queues, then the most CPU), so a
 * JVM of thousands of threads costs a bounded read.
 *
 * <p>It ends, removing the property and the file, when the command line asks ({@code top-stop}), when the
 * agent is stopped, or by itself when the command line's process is gone (killed, its terminal closed):
 * within one interval in this pid namespace, within {@value #LEASE_MS} ms of its lease's last renewal from
 * another. A {@code top} leaves no thread of ours behind on any path.
 */
final class TopFeed extends CapturingThread {
    static final int MAX_ROWS = 100;
    static final long MIN_INTERVAL_MS = 200;
    /** Workers' memory is measured every this many samples (the view keeps the last figure between). */
    static final int MEMORY_EVERY = 5;
    /** A viewer in another pid namespace is gone when its lease file is this much older (or 5 intervals). */
    static final long LEASE_MS = 10_000;
    private static final List<String> PROCESS_INFO = Collections.unmodifiableList(Arrays.asList("vm", "process_info"));
    private static final List<String> MEMORY_POOL = Collections.unmodifiableList(Arrays.asList("vm", "memory_pool"));
    private static final List<String> TOP_GC = Collections.unmodifiableList(Arrays.asList("top", "gc"));
    private static final List<String> TOP_JVM = Collections.unmodifiableList(Arrays.asList("top", "jvm"));
    private static final List<String> TOP_CPU = Collections.unmodifiableList(Arrays.asList("top", "cpu"));
    private static final Map<String, TopFeed> RUNNING = new HashMap<>();

    private final String viewer;
    private final long intervalMs;
    private final String property;
    /** The viewer is in this JVM's pid namespace: its pid is checked in /proc; else its lease file is. */
    private final boolean viewerSeen;
    private final File lease;
    private final long leaseMs;
    private final Thread atExit = new Thread(new Runnable() {
        @Override
        public void run() {
            deleteFiles();
        }
    }, "telemetry-poller-top-exit");

    {
        atExit.setDaemon(true);
    }
    private Path file;
    private FileChannel out;
    private final StringBuilder row = new StringBuilder(256);
    private final StringBuilder lines = new StringBuilder(8192);
    private final List<Row> rows = new ArrayList<>();
    private volatile boolean ended;
    private long seq;
    private int cores;
    private RuntimeMXBean runtimeBean; // feed thread only, like what follows
    private OperatingSystemMXBean osBean;
    private long[] lastCounts;
    private long[] lastPauses;

    private TopFeed(String viewer, long intervalMs, boolean viewerSeen) {
        super("telemetry-poller-top");
        setDaemon(true);
        this.viewer = viewer;
        this.intervalMs = intervalMs;
        this.property = ControlRequest.TOP_PROPERTY_PREFIX + viewer;
        this.viewerSeen = viewerSeen;
        this.leaseMs = Math.max(LEASE_MS, 5 * intervalMs);
        this.lease = new File(System.getProperty("java.io.tmpdir"), ControlRequest.topFileName(viewer, ".lease"));
    }

    /**
     * Starts a feed for the viewer from {@code interval=MS,viewer=PID} (replacing its earlier one); returns
     * why not, or null.
     */
    static String start(String options) {
        String viewer = null;
        String pidNamespace = null;
        long interval = 1000;
        for (String pair : (options == null ? "" : options).split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (key.equals("viewer") && value.matches("[1-9][0-9]{0,18}")) {
                viewer = value;
            } else if (key.equals("interval") && value.matches("[1-9][0-9]{0,8}")) {
                interval = Math.max(MIN_INTERVAL_MS, Long.parseLong(value));
            } else if (key.equals("pidns") && !value.isEmpty()) {
                pidNamespace = value;
            } else if (!pair.isEmpty()) {
                return "invalid top option '" + pair + "' (expected interval=MS,viewer=PID[,pidns=NS])";
            }
        }
        if (viewer == null) {
            return "top needs viewer=PID";
        }
        TopFeed feed = new TopFeed(viewer, interval, pidNamespace == null || pidNamespace.equals(PidNamespace.ofThisProcess()));
        synchronized (RUNNING) {
            TopFeed old = RUNNING.put(viewer, feed);
            if (old != null) {
                old.end();
            }
        }
        feed.start();
        return null;
    }

    /** Ends the viewer's feed; false if it had none. */
    static boolean stop(String viewer) {
        TopFeed feed;
        synchronized (RUNNING) {
            feed = RUNNING.remove(viewer);
        }
        if (feed == null) {
            return false;
        }
        feed.end();
        return true;
    }

    /** Ends every feed (the agent is stopped). */
    static void stopAll() {
        List<TopFeed> all;
        synchronized (RUNNING) {
            all = new ArrayList<>(RUNNING.values());
            RUNNING.clear();
        }
        for (TopFeed f : all) {
            f.end();
        }
    }

    private void end() {
        ended = true;
        interrupt();
    }

    @Override
    public void run() {
        List<Measurement> measurements = new ArrayList<>();
        try {
            measurements = createMeasurements();
            List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
            runtimeBean = ManagementFactory.getRuntimeMXBean();
            osBean = ManagementFactory.getOperatingSystemMXBean();
            lastCounts = new long[collectors.size()];
            lastPauses = new long[collectors.size()];
            Arrays.fill(lastCounts, -1);
            addExitHook();
            openFile();
            while (!ended && viewerAlive()) {
                publish(measurements, collectors);
                Thread.sleep(intervalMs);
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            // ended
        } catch (Throwable t) {
            if (!ended) {
                AgentLog.warn("top for pid " + viewer + " ended: " + t);
            }
        } finally {
            for (Measurement m : measurements) {
                try {
                    m.close();
                } catch (Throwable ignored) {
                    // it holds nothing more we can release
                }
            }
            synchronized (RUNNING) {
                if (RUNNING.get(viewer) == this) {
                    RUNNING.remove(viewer);
                }
            }
            System.clearProperty(property);
            deleteFiles();
            try {
                Runtime.getRuntime().removeShutdownHook(atExit);
            } catch (IllegalStateException exiting) {
                // the hook runs, or has run
            }
        }
    }

    /** The file and the lease deleted (at the feed's end, or at the JVM's exit while it runs). */
    private void deleteFiles() {
        closeAndDelete();
        if (!lease.delete() && lease.exists()) {
            AgentLog.warnOnce("top-lease", "top: cannot delete " + lease);
        }
    }

    /**
     * A JVM that exits while watched (its main ends, System.exit, SIGTERM) would otherwise leave the files:
     * this feed is a daemon thread and does not get to its end. Registered for the feed's life only, so
     * nothing of it stays registered after.
     */
    private void addExitHook() {
        try {
            Runtime.getRuntime().addShutdownHook(atExit);
        } catch (IllegalStateException exiting) {
            // exiting already: nothing to watch
        }
    }

    /**
     * The feed's file, {@code telemetry-poller-top-VIEWER.txt} in the JVM's temporary directory, readable
     * by its user only; its path goes into the property. A file, not the property's value: the command line
     * then reads it without the Attach API, whose Listener would otherwise serialise every system property
     * each second (0.3-0.4 ms of the target's CPU a read, more than the feed's own measurements but the run
     * queue).
     */
    private void openFile() throws IOException {
        file = Paths.get(System.getProperty("java.io.tmpdir"), ControlRequest.topFileName(viewer, ".txt")).toAbsolutePath();
        Files.deleteIfExists(file); // a feed of a JVM killed with it (the same viewer pid again)
        try {
            out = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        System.setProperty(property, file.toString());
    }

    /**
     * The sample over the file's start, then the file cut to it: a reader may see a sample with the end of
     * the last behind it, or a sample half written; it takes the lines up to the first {@code end SEQ} and
     * only if that SEQ is the header's.
     */
    private void write(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        int length = b.remaining();
        while (b.hasRemaining()) {
            out.write(b, b.position());
        }
        out.truncate(length);
    }

    private void closeAndDelete() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // deleted below all the same
        }
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.warnOnce("top-file", "top: cannot delete " + file + ": " + e);
        }
    }

    private List<Measurement> createMeasurements() {
        List<Measurement> list = new ArrayList<>();
        AgentRuntime runtime = AgentRuntime.current();
        boolean executors = runtime != null && runtime.config().executors();
        list.add(new MemoryMeasurement());
        list.add(executors ? new RunQueueMeasurement(new LongSupplier() {
            @Override
            public long getAsLong() {
                return ExecutorMeasurement.backlog();
            }
        }) : new RunQueueMeasurement());
        list.add(new SystemCountsMeasurement());
        if (executors) {
            list.add(new ExecutorMeasurement());
        }
        List<WorkerSpec> workers = runtime == null ? Collections.<WorkerSpec>emptyList() : runtime.config().workers();
        for (WorkerSpec w : workers) {
            list.add(new WorkerReading(w.className()));
        }
        if (workers.isEmpty()) {
            // no allocated_bytes: the view does not show it, and it is a second read a thread
            list.add(new ProcessInfoMeasurement("thread:*", PROCESS_INFO, Arrays.asList("cpu_time_ns", "state")));
        }
        list.add(new SafepointsMeasurement());
        list.add(new RuntimeMeasurement());
        list.add(new ContainerMeasurement());
        return list;
    }

    /**
     * Whether a measurement that failed may go without a word: safepoints (no performance data:
     * -XX:-UsePerfData), runtime and container (no cgroup: not Linux) are not there on every JVM, and the
     * view simply leaves their lines out.
     */
    private static boolean optional(Measurement m) {
        return m instanceof SafepointsMeasurement || m instanceof RuntimeMeasurement || m instanceof ContainerMeasurement;
    }

    private void publish(List<Measurement> measurements, List<GarbageCollectorMXBean> collectors) throws IOException {
        lines.setLength(0);
        lines.append("top 1 ").append(++seq).append(' ').append(intervalMs).append('\n');
        rows.clear();
        for (int i = 0; i < measurements.size(); i++) {
            Measurement m = measurements.get(i);
            try {
                m.measure();
            } catch (Throwable t) {
                if (optional(m)) {
                    AgentLog.debug("top: measurement " + m.name() + " is not available here and is left out: " + t);
                } else {
                    AgentLog.warnOnce("top:" + m.name(), "top: measurement " + m.name() + " failed and is left out: " + t);
                }
                measurements.remove(i--);
                m.close();
            }
        }
        for (int i = 0; i < collectors.size(); i++) {
            GarbageCollectorMXBean gc = collectors.get(i);
            long count = gc.getCollectionCount();
            if (count != lastCounts[i]) { // the last collection's details are built afresh each call: only when new
                lastCounts[i] = count;
                lastPauses[i] = lastPauseMs(gc);
            }
            Map<String, Number> m = new LinkedHashMap<>(4);
            m.put("count", count);
            m.put("time_ms", gc.getCollectionTime());
            m.put("last_ms", lastPauses[i]);
            append(TOP_GC, m, Collections.singletonMap("collector", gc.getName()));
        }
        Map<String, Number> jvm = new LinkedHashMap<>(2);
        jvm.put("uptime_ms", runtimeBean.getUptime());
        append(TOP_JVM, jvm, Collections.<String, Object>emptyMap());
        append(TOP_CPU, cpu(), Collections.<String, Object>emptyMap());
        Collections.sort(rows, Row.BUSIEST_FIRST);
        for (int i = 0; i < rows.size() && i < MAX_ROWS; i++) {
            lines.append(rows.get(i).line);
        }
        lines.append("end ").append(seq).append('\n');
        write(lines.toString());
    }

    /**
     * The process's CPU time, the load average and the cores (read once): the view divides the time's
     * growth by the wall time between the samples it shows (the cpu measurement's process_cpu_load is the
     * same division, over its own polls).
     */
    private Map<String, Number> cpu() {
        Map<String, Number> m = new LinkedHashMap<>(4);
        m.put("process_cpu_time_ns", osBean instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) osBean).getProcessCpuTime() : -1L);
        m.put("system_load_average", osBean.getSystemLoadAverage());
        if (cores == 0) {
            cores = osBean.getAvailableProcessors();
        }
        m.put("available_processors", cores);
        return m;
    }

    /** The duration of the collector's last collection, ms; -1 if it does not say (not HotSpot). */
    private static long lastPauseMs(GarbageCollectorMXBean gc) {
        try {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean) {
                com.sun.management.GcInfo info = ((com.sun.management.GarbageCollectorMXBean) gc).getLastGcInfo();
                return info == null ? 0 : info.getDuration();
            }
        } catch (Throwable t) {
            // below
        }
        return -1;
    }

    @Override
    public void captured(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        if (event.equals(PROCESS_INFO)) {
            Map<String, Object> md = new LinkedHashMap<>(metadata);
            md.remove("class"); // not shown: the feed is read whole each second, so it carries only what is
            rows.add(new Row(line(event, measurements, md), number(measurements.get("message_queue_len")),
                    number(measurements.get("cpu_time_ns"))));
        } else if (event.equals(MEMORY_POOL)) {
            append(event, Collections.singletonMap("used", measurements.get("used")), metadata);
        } else {
            append(event, measurements, metadata);
        }
    }

    private void append(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        appendLine(lines, event, measurements, metadata);
    }

    private String line(List<String> event, Map<String, ? extends Number> measurements, Map<String, ?> metadata) {
        row.setLength(0);
        appendLine(row, event, measurements, metadata);
        return row.toString();
    }

    /**
     * One event as a feed line: {@code vm.process_info|cpu_time_ns 270155340|@name order-worker-1|@state RUNNABLE}.
     * Not JSON: half the size, and parsed with a split. A {@code |} or line break inside a name or value becomes {@code /} or a
     * space; non-finite numbers are left out.
     */
    static void appendLine(StringBuilder sb, List<String> event, Map<String, ? extends Number> measurements,
                           Map<String, ?> metadata) {
        for (int i = 0; i < event.size(); i++) {
            if (i > 0) {
                sb.append('.');
            }
            clean(sb, event.get(i));
        }
        for (Map.Entry<String, ? extends Number> e : measurements.entrySet()) {
            Number v = e.getValue();
            if (v == null || e.getKey() == null || ((v instanceof Double || v instanceof Float)
                    && (Double.isNaN(v.doubleValue()) || Double.isInfinite(v.doubleValue())))) {
                continue;
            }
            sb.append('|');
            clean(sb, e.getKey());
            sb.append(' ').append(v);
        }
        for (Map.Entry<String, ?> e : metadata.entrySet()) {
            if (e.getKey() != null) {
                sb.append("|@");
                clean(sb, e.getKey());
                sb.append(' ');
                clean(sb, String.valueOf(e.getValue()));
            }
        }
        sb.append('\n');
    }

    private static void clean(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '|' ? '/' : c == '\n' || c == '\r' ? ' ' : c);
        }
    }

    private static long number(Number n) {
        return n == null ? -1 : n.longValue();
    }

    /**
     * Whether the viewer is still there: in this pid namespace by its pid ({@link #viewerAlive(String)}),
     * from another one (a container watched from the host) by its lease, a file in the temporary directory
     * whose time {@code top} renews at each read: gone when it is {@link #leaseMs} old or absent.
     */
    private boolean viewerAlive() {
        if (viewerSeen) {
            return viewerAlive(viewer);
        }
        long renewed = lease.lastModified(); // 0: absent
        return renewed > 0 && System.currentTimeMillis() - renewed <= leaseMs;
    }

    /**
     * Whether the command line's process is still there: {@code /proc/PID} on Linux, else Java 9's
     * {@code ProcessHandle} (reflectively: this class is Java 8 bytecode); true where neither can tell.
     */
    static boolean viewerAlive(String pid) {
        if (new File("/proc/self").isDirectory()) {
            return new File("/proc/" + pid).isDirectory();
        }
        try {
            Class<?> handle = Class.forName("java.lang.ProcessHandle");
            Object optional = handle.getMethod("of", long.class).invoke(null, Long.parseLong(pid));
            Boolean present = (Boolean) optional.getClass().getMethod("isPresent").invoke(optional);
            if (!present) {
                return false;
            }
            Object h = optional.getClass().getMethod("get").invoke(optional);
            return (Boolean) handle.getMethod("isAlive").invoke(h);
        } catch (Throwable t) {
            return true;
        }
    }

    /**
     * A worker class's {@code process_info}: with {@code memory} every {@value #MEMORY_EVERY}th sample, without
     * it between. Memory sizes up to 256 queued elements a worker, the feed's dearest reading by far with
     * many workers; queue length, CPU and state stay every sample.
     */
    private final class WorkerReading implements Measurement {
        private final ProcessInfoMeasurement withMemory;
        private final ProcessInfoMeasurement withoutMemory;

        WorkerReading(String className) {
            withMemory = new ProcessInfoMeasurement(className, PROCESS_INFO, ProcessInfoSpecs.ALL_KEYS);
            withoutMemory = new ProcessInfoMeasurement(className, PROCESS_INFO,
                    Arrays.asList("message_queue_len", "cpu_time_ns", "state"));
        }

        @Override
        public String name() {
            return withMemory.name();
        }

        @Override
        public void measure() {
            ((seq - 1) % MEMORY_EVERY == 0 ? withMemory : withoutMemory).measure();
        }

        @Override
        public void close() {
            withMemory.close();
            withoutMemory.close();
        }
    }

    /** One worker's line, kept to sort the busiest first. */
    private static final class Row {
        static final Comparator<Row> BUSIEST_FIRST = new Comparator<Row>() {
            @Override
            public int compare(Row a, Row b) {
                int byQueue = Long.compare(b.queue, a.queue);
                return byQueue != 0 ? byQueue : Long.compare(b.cpu, a.cpu);
            }
        };
        final String line;
        final long queue;
        final long cpu;

        Row(String line, long queue, long cpu) {
            this.line = line;
            this.queue = queue;
            this.cpu = cpu;
        }
    }
}
