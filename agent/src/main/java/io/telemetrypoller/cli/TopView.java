package io.telemetrypoller.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code top}'s screen: what the samples say, laid out in lines of a given width and height. It keeps
 * what one sample alone cannot give: the last minute of the run queue (sparklines), rates since the
 * previous sample (GC, CPU, each worker's CPU), the longest recent collection, and the user's sort and
 * scroll position. Pure text: the terminal's escapes are {@link TopTerminal}'s.
 */
final class TopView {
    /** How the workers are ordered; {@code s} goes to the next. */
    enum Sort {
        QUEUE("queue"), MEMORY("memory"), CPU("cpu"), NAME("name");

        final String label;

        Sort(String label) {
            this.label = label;
        }
    }

    static final String[] KEYS = {
        "s        sort the workers by the next column (queue, memory, cpu, name)",
        "r        reverse the order",
        "j, down  scroll the workers down a line; k, up: up",
        "space    scroll a page down; b: a page up; g: to the top",
        "?        show or hide this help",
        "q        quit (also Ctrl-C): the JVM is left as it was found",
    };
    private static final String UTF_RAMP = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    private static final String ASCII_RAMP = "_.-~=+*#";
    private static final long MINUTE_MS = 60_000;

    private final String pid;
    private final String mainClass;
    private final String jdk;
    private final String ramp;
    private final Map<String, History> runQueue = new HashMap<>();
    private final List<long[]> recentPauses = new ArrayList<>(); // {received ms, pause ms}
    /** Each worker's last memory figure: the feed measures it every few samples only. */
    private final Map<String, Long> workerMemory = new HashMap<>();
    /** The last sample's uptime and allocated bytes that had them (above 1,000 threads not every sample does). */
    private long[] allocatedAt;
    private double allocationRate = Double.NaN;
    private TopSample previous;
    private TopSample current;
    private long currentAtMs;
    private long previousAtMs;
    private Sort sort = Sort.QUEUE;
    private boolean reversed;
    private int scroll;
    private boolean help;
    private int workerRowsShown = 10;

    TopView(String pid, String mainClass, String jdk, boolean unicode) {
        this.pid = pid;
        this.mainClass = mainClass;
        this.jdk = jdk;
        this.ramp = unicode ? UTF_RAMP : ASCII_RAMP;
    }

    /** A new sample, received at {@code atMs} (the viewer's clock). */
    void update(TopSample sample, long atMs) {
        if (current != null && sample.seq == current.seq) {
            return; // the feed has not written since
        }
        previous = current;
        previousAtMs = currentAtMs;
        current = sample;
        currentAtMs = atMs;
        int keep = (int) Math.max(2, MINUTE_MS / Math.max(1, sample.intervalMs));
        for (TopSample.Event w : sample.all("vm.process_info")) {
            if (w.has("memory")) {
                workerMemory.put(w.meta("name"), w.num("memory"));
            }
        }
        TopSample.Event runtime = sample.first("vm.runtime");
        long uptime = sample.first("top.jvm").num("uptime_ms");
        if (runtime.has("allocated_bytes") && uptime >= 0) {
            long bytes = runtime.num("allocated_bytes");
            if (allocatedAt != null && uptime > allocatedAt[0]) {
                allocationRate = Math.max(0, bytes - allocatedAt[1]) / ((uptime - allocatedAt[0]) / 1000.0);
            }
            allocatedAt = new long[] {uptime, bytes};
        }
        TopSample.Event rq = sample.first("vm.total_run_queue_lengths");
        for (String k : Arrays.asList("cpu", "io", "virtual", "executors")) {
            History h = runQueue.get(k);
            if (h == null) {
                h = new History();
                runQueue.put(k, h);
            }
            h.add(rq.has(k) ? rq.dbl(k) : Double.NaN, keep);
        }
        if (previous != null) {
            for (TopSample.Event gc : sample.all("top.gc")) {
                TopSample.Event before = byMeta(previous.all("top.gc"), "collector", gc.meta("collector"));
                if (before != null && gc.num("count") > before.num("count") && gc.num("last_ms") >= 0) {
                    recentPauses.add(new long[] {atMs, gc.num("last_ms")});
                }
            }
        }
        while (!recentPauses.isEmpty() && recentPauses.get(0)[0] < atMs - MINUTE_MS) {
            recentPauses.remove(0);
        }
    }

    /** A key pressed; false when it quits. */
    boolean key(int c) {
        switch (c) {
            case 'q':
            case 'Q':
                return false;
            case 's':
                sort = Sort.values()[(sort.ordinal() + 1) % Sort.values().length];
                scroll = 0;
                break;
            case 'r':
                reversed = !reversed;
                scroll = 0;
                break;
            case 'j':
            case TopTerminal.DOWN:
                scroll++;
                break;
            case 'k':
            case TopTerminal.UP:
                scroll = Math.max(0, scroll - 1);
                break;
            case ' ':
            case TopTerminal.PAGE_DOWN:
                scroll += Math.max(1, workerRowsShown);
                break;
            case 'b':
            case TopTerminal.PAGE_UP:
                scroll = Math.max(0, scroll - Math.max(1, workerRowsShown));
                break;
            case 'g':
                scroll = 0;
                break;
            case '?':
            case 'h':
                help = !help;
                break;
            default:
                break;
        }
        return true;
    }

    Sort sort() {
        return sort;
    }

    /**
     * The screen, each line at most {@code width} characters, at most {@code height} lines
     * ({@code height <= 0}: every line, the workers up to {@code maxRows}).
     */
    List<String> render(int width, int height, int maxRows) {
        List<String> out = new ArrayList<>();
        out.add("pid " + pid + "  " + mainClass + "  " + jdk + "  up " + uptime());
        List<String> collectors = new ArrayList<>();
        for (TopSample.Event gc : current == null ? Collections.<TopSample.Event>emptyList() : current.all("top.gc")) {
            collectors.add(gc.meta("collector"));
        }
        out.add("collectors " + (collectors.isEmpty() ? "-" : String.join(", ", collectors)) + "  every "
                + seconds(current == null ? 0 : current.intervalMs) + "  ? keys  q quit");
        if (current == null) {
            out.add("");
            out.add("waiting for the first sample...");
            return fit(out, width, height);
        }
        if (help) {
            out.add("");
            out.add("KEYS");
            for (String k : KEYS) {
                out.add("  " + k);
            }
            return fit(out, width, height);
        }
        out.add("");
        memory(out, width);
        out.add("");
        runQueue(out);
        out.add("");
        counts(out);
        out.add("");
        List<String> executors = executors(width, height <= 0 ? Integer.MAX_VALUE : 6);
        int rows = height <= 0 ? maxRows : Math.max(1, height - out.size() - 2 - (executors.isEmpty() ? 0 : executors.size() + 1));
        workers(out, width, rows);
        if (!executors.isEmpty()) {
            out.add("");
            out.addAll(executors);
        }
        return fit(out, width, height);
    }

    private void memory(List<String> out, int width) {
        TopSample.Event m = current.first("vm.memory");
        long used = m.num("heap_used");
        long committed = m.num("heap_committed");
        long max = m.num("heap_max");
        int barWidth = Math.max(10, Math.min(40, width - 66));
        out.add("MEMORY   heap " + bar(used, committed, max > 0 ? max : committed, barWidth) + " " + bytes(used)
                + " used, " + bytes(committed) + " committed, " + (max > 0 ? bytes(max) : "no") + " max");
        out.add("         rss " + (m.has("rss") ? bytes(m.num("rss")) : "-") + "  non-heap " + bytes(m.num("non_heap_used"))
                + "  direct " + bytes(m.num("direct")) + "  mapped " + bytes(m.num("mapped")));
        StringBuilder pools = new StringBuilder("         pools");
        String sep = " ";
        for (String type : new String[] {"heap", "non_heap"}) {
            for (TopSample.Event p : current.all("vm.memory_pool")) {
                if (p.meta("type").equals(type)) {
                    pools.append(sep).append(p.meta("pool")).append(' ').append(bytes(p.num("used")));
                    sep = ", ";
                }
            }
        }
        out.add(pools.toString());
    }

    private void runQueue(List<String> out) {
        TopSample.Event rq = current.first("vm.total_run_queue_lengths");
        String[][] rowsOf = {{"cpu", "RUN QUEUE"}, {"io", ""}, {"virtual", ""}, {"executors", ""}};
        for (String[] r : rowsOf) {
            String k = r[0];
            String value = rq.has(k) ? number(rq.dbl(k)) : "-";
            String line = pad(r[1], 11) + pad(k, 10) + padLeft(value, 9) + "  " + runQueue.get(k).sparkline(ramp);
            if (k.equals("executors") && !rq.has(k)) {
                line = pad(r[1], 11) + pad(k, 10) + padLeft(value, 9) + "  (counted with executors=true in the agent)";
            }
            out.add(line.replaceAll("\\s+$", ""));
        }
    }

    private void counts(List<String> out) {
        TopSample.Event c = current.first("vm.system_counts");
        out.add("THREADS  " + c.num("thread_count") + limit(c, "thread_limit") + " (" + c.num("daemon_thread_count")
                + " daemon, peak " + c.num("peak_thread_count") + ")   CLASSES " + c.num("loaded_class_count")
                + " loaded, " + c.num("unloaded_class_count") + " unloaded   FDS " + (c.has("open_fd_count")
                ? c.num("open_fd_count") + limit(c, "fd_limit") : "-"));
        StringBuilder gc = new StringBuilder("GC       ");
        double seconds = elapsedSeconds();
        if (previous == null) {
            gc.append("-/s, - ms/s");
        } else {
            long count = 0;
            long time = 0;
            for (TopSample.Event e : current.all("top.gc")) {
                TopSample.Event before = byMeta(previous.all("top.gc"), "collector", e.meta("collector"));
                if (before != null) {
                    count += growth(e, before, "count");
                    time += growth(e, before, "time_ms");
                }
            }
            gc.append(number(count / seconds)).append("/s, ").append(number(time / seconds)).append(" ms/s");
        }
        long longest = -1;
        for (long[] p : recentPauses) {
            longest = Math.max(longest, p[1]);
        }
        gc.append(", longest ").append(longest < 0 ? "-" : longest + " ms").append(" in the last minute");
        TopSample.Event cpu = current.first("top.cpu");
        long cores = cpu.num("available_processors");
        gc.append("   CPU ");
        if (previous != null && cpu.num("process_cpu_time_ns") >= 0 && cores > 0) {
            double busy = (cpu.num("process_cpu_time_ns") - previous.first("top.cpu").num("process_cpu_time_ns")) / 1e9 / seconds;
            gc.append(String.format(Locale.ROOT, "%.1f", 100 * busy / cores)).append("% of ").append(cores).append(" cores (")
                    .append(number(busy)).append(" busy)");
        } else {
            gc.append("- of ").append(cores).append(" cores");
        }
        if (cpu.dbl("system_load_average") >= 0) {
            gc.append(", load ").append(number(cpu.dbl("system_load_average")));
        }
        out.add(gc.toString());
        String runtime = safepointsAndRuntime(seconds);
        if (!runtime.isEmpty()) {
            out.add(runtime);
        }
        String container = container(seconds);
        if (!container.isEmpty()) {
            out.add(container);
        }
    }

    /**
     * {@code SAFEPOINTS 2/s, stopped 1.2 ms/s (0.05 of it reaching them)   ALLOCATION 120M/s   JIT 15 ms/s}:
     * each part only where the feed has its event (the safepoint counters are HotSpot's, allocation
     * JDK 16+); rates since the previous sample, "-" before there is one.
     */
    private String safepointsAndRuntime(double seconds) {
        StringBuilder line = new StringBuilder();
        TopSample.Event sp = current.first("vm.safepoints");
        TopSample.Event spBefore = previous == null ? TopSample.Event.EMPTY : previous.first("vm.safepoints");
        if (sp.has("count")) {
            line.append("SAFEPOINTS ");
            if (spBefore.has("count")) {
                long reaching = growth(sp, spBefore, "sync_time_ns"); // not part of time_ns: it comes before
                line.append(number(growth(sp, spBefore, "count") / seconds)).append("/s, stopped ")
                        .append(number((growth(sp, spBefore, "time_ns") + reaching) / 1e6 / seconds)).append(" ms/s (")
                        .append(number(reaching / 1e6 / seconds)).append(" of it reaching them)");
            } else {
                line.append("-/s, stopped - ms/s");
            }
        }
        TopSample.Event rt = current.first("vm.runtime");
        if (allocatedAt != null) {
            line.append(line.length() == 0 ? "" : "   ").append("ALLOCATION ")
                    .append(Double.isNaN(allocationRate) ? "-" : bytes((long) allocationRate)).append("/s");
        }
        if (rt.has("compilation_time_ms")) {
            TopSample.Event rtBefore = previous == null ? TopSample.Event.EMPTY : previous.first("vm.runtime");
            line.append(line.length() == 0 ? "" : "   ").append("JIT ").append(rtBefore.has("compilation_time_ms")
                    ? number(growth(rt, rtBefore, "compilation_time_ms") / seconds) : "-").append(" ms/s");
        }
        return line.toString();
    }

    /**
     * {@code CONTAINER memory 285M of 512M (55.7%), peak 300M, 0 OOM kills   cpu quota 0.2 cores, throttled
     * 95% of periods, 810 ms/s}: the cgroup's limits and use, where the feed has them (Linux).
     */
    private String container(double seconds) {
        TopSample.Event c = current.first("vm.container");
        if (c.measurements.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder("CONTAINER ");
        if (c.has("memory_usage")) {
            line.append("memory ").append(bytes(c.num("memory_usage")));
            if (c.has("memory_limit")) {
                long limit = c.num("memory_limit");
                line.append(limit < 0 ? ", no limit" : " of " + bytes(limit) + (c.has("memory_usage_ratio")
                        ? " (" + String.format(Locale.ROOT, "%.1f", 100 * c.dbl("memory_usage_ratio")) + "%)" : ""));
            }
            if (c.has("memory_peak")) {
                line.append(", peak ").append(bytes(c.num("memory_peak")));
            }
            if (c.has("oom_kill_count")) {
                line.append(", ").append(c.num("oom_kill_count")).append(" OOM kills");
            }
            line.append("   ");
        }
        line.append("cpu ").append(c.has("cpu_quota_cores") ? "quota " + number(c.dbl("cpu_quota_cores")) + " cores" : "no quota");
        TopSample.Event before = previous == null ? TopSample.Event.EMPTY : previous.first("vm.container");
        if (c.has("cpu_quota_cores") && before.has("cpu_periods") && c.has("cpu_throttled_periods")) {
            long periods = growth(c, before, "cpu_periods");
            line.append(", throttled ").append(periods <= 0 ? "0"
                    : String.valueOf(Math.round(100.0 * growth(c, before, "cpu_throttled_periods") / periods)))
                    .append("% of periods");
            if (c.has("cpu_throttled_ns")) {
                line.append(", ").append(number(growth(c, before, "cpu_throttled_ns") / 1e6 / seconds)).append(" ms/s");
            }
        }
        return line.toString().trim();
    }

    /** How much a cumulative key grew between two samples, never below 0 (a counter reset). */
    private static long growth(TopSample.Event now, TopSample.Event before, String key) {
        return Math.max(0, now.num(key) - before.num(key));
    }

    private void workers(List<String> out, int width, int rows) {
        List<TopSample.Event> all = current.all("vm.process_info");
        boolean threads = true;
        for (TopSample.Event w : all) {
            threads &= !w.has("message_queue_len");
        }
        final Map<TopSample.Event, Double> cpu = new HashMap<>();
        double seconds = elapsedSeconds();
        for (TopSample.Event w : all) {
            TopSample.Event before = previous == null ? null : byMeta(previous.all("vm.process_info"), "name", w.meta("name"));
            cpu.put(w, before == null || !w.has("cpu_time_ns") ? Double.NaN
                    : 100 * Math.max(0, w.num("cpu_time_ns") - before.num("cpu_time_ns")) / 1e9 / seconds);
        }
        List<TopSample.Event> sorted = new ArrayList<>(all);
        // threads have no queue and no memory figure: those sorts fall back to cpu
        Sort by = threads && (sort == Sort.QUEUE || sort == Sort.MEMORY) ? Sort.CPU : sort;
        Comparator<TopSample.Event> order = comparator(cpu, by);
        Collections.sort(sorted, reversed ? Collections.reverseOrder(order) : order);
        int nameWidth = Math.max(16, Math.min(48, width - 44));
        String title = (threads ? "BUSIEST THREADS  " + all.size() + " (no worker classes in the agent: workers=CLASS)"
                : "WORKERS  " + all.size()) + ", by " + by.label + (reversed ? " reversed" : "");
        out.add(title);
        out.add("  " + pad("NAME", nameWidth) + padLeft("QUEUE", 8) + padLeft("MEMORY", 9) + padLeft("CPU%", 7) + "  STATE");
        scroll = Math.max(0, Math.min(scroll, sorted.size() - rows));
        workerRowsShown = rows;
        for (int i = scroll; i < sorted.size() && i < scroll + rows; i++) {
            TopSample.Event w = sorted.get(i);
            double c = cpu.get(w);
            out.add("  " + pad(clip(w.meta("name"), nameWidth - 1), nameWidth)
                    + padLeft(w.has("message_queue_len") ? String.valueOf(w.num("message_queue_len")) : "-", 8)
                    + padLeft(memoryOf(w) >= 0 ? bytes(memoryOf(w)) : "-", 9)
                    + padLeft(Double.isNaN(c) ? "-" : String.format(Locale.ROOT, "%.1f", c), 7)
                    + "  " + w.meta("state"));
        }
        if (sorted.size() > rows) {
            out.add("  rows " + (scroll + 1) + "-" + Math.min(sorted.size(), scroll + rows) + " of " + sorted.size()
                    + " (j/k, space/b scroll)");
        }
    }

    /** The worker's memory in this sample, else its last figure, else -1. */
    private long memoryOf(TopSample.Event w) {
        if (w.has("memory")) {
            return w.num("memory");
        }
        Long last = workerMemory.get(w.meta("name"));
        return last == null ? -1 : last;
    }

    private Comparator<TopSample.Event> comparator(final Map<TopSample.Event, Double> cpu, final Sort sort) {
        final Comparator<TopSample.Event> byName = new Comparator<TopSample.Event>() {
            @Override
            public int compare(TopSample.Event a, TopSample.Event b) {
                return a.meta("name").compareTo(b.meta("name"));
            }
        };
        return new Comparator<TopSample.Event>() {
            @Override
            public int compare(TopSample.Event a, TopSample.Event b) {
                int c;
                switch (sort) {
                    case QUEUE:
                        c = Long.compare(b.num("message_queue_len"), a.num("message_queue_len"));
                        break;
                    case MEMORY:
                        c = Long.compare(memoryOf(b), memoryOf(a));
                        break;
                    case CPU:
                        c = Double.compare(orZero(cpu.get(b)), orZero(cpu.get(a)));
                        break;
                    default:
                        c = 0;
                }
                return c != 0 ? c : byName.compare(a, b);
            }
        };
    }

    private List<String> executors(int width, int rows) {
        List<TopSample.Event> all = new ArrayList<>(current.all("vm.executor"));
        List<String> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        Collections.sort(all, new Comparator<TopSample.Event>() {
            @Override
            public int compare(TopSample.Event a, TopSample.Event b) {
                int c = Long.compare(b.num("queued"), a.num("queued"));
                return c != 0 ? c : a.meta("name").compareTo(b.meta("name"));
            }
        });
        int nameWidth = Math.max(16, Math.min(48, width - 44));
        out.add("EXECUTORS  " + all.size() + ", by queued");
        out.add("  " + pad("NAME", nameWidth) + padLeft("QUEUED", 8) + padLeft("ACTIVE", 8) + padLeft("POOL", 6) + "  CLASS");
        for (int i = 0; i < all.size() && i < rows; i++) {
            TopSample.Event e = all.get(i);
            String cls = e.meta("class");
            out.add("  " + pad(clip(e.meta("name"), nameWidth - 1), nameWidth) + padLeft(String.valueOf(e.num("queued")), 8)
                    + padLeft(e.has("active") ? String.valueOf(e.num("active")) : "-", 8)
                    + padLeft(String.valueOf(e.num("pool_size")), 6) + "  " + cls.substring(cls.lastIndexOf('.') + 1));
        }
        if (all.size() > rows) {
            out.add("  and " + (all.size() - rows) + " more");
        }
        return out;
    }

    /** The time between the last two samples by the target's clock (its uptime), else by the receipts. */
    private double elapsedSeconds() {
        if (previous == null) {
            return 0;
        }
        long ms = current.first("top.jvm").num("uptime_ms") - previous.first("top.jvm").num("uptime_ms");
        return Math.max(1, ms > 0 ? ms : currentAtMs - previousAtMs) / 1000.0;
    }

    // ---- formatting ----

    private String uptime() {
        long ms = current == null ? -1 : current.first("top.jvm").num("uptime_ms");
        if (ms < 0) {
            return "-";
        }
        long s = ms / 1000;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
        return s >= 86400 ? (s / 86400) + "d " + hms : hms;
    }

    /** {@code [####----.....]}: used, committed, then up to max. */
    static String bar(long used, long committed, long max, int width) {
        StringBuilder sb = new StringBuilder("[");
        int u = max <= 0 ? 0 : (int) Math.min(width, Math.round((double) Math.max(0, used) * width / max));
        int c = max <= 0 ? 0 : (int) Math.min(width, Math.round((double) Math.max(0, committed) * width / max));
        for (int i = 0; i < width; i++) {
            sb.append(i < u ? '#' : i < c ? '-' : '.');
        }
        return sb.append(']').toString();
    }

    /** Bytes in binary units, three significant digits: {@code 512B}, {@code 41.2M}, {@code 3.9G}. */
    static String bytes(long b) {
        if (b < 0) {
            return "-";
        }
        if (b < 1024) {
            return b + "B";
        }
        String units = "KMGTPE";
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + units.charAt(u);
    }

    /** Integers as such, others with up to 3 decimals, trailing zeros dropped: {@code 0.087}, {@code 70}. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        String s = String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : Math.abs(d) >= 10 ? "%.1f" : "%.3f", d);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    private static String seconds(long ms) {
        return number(ms / 1000.0) + " s";
    }

    private static String limit(TopSample.Event e, String key) {
        return e.num(key) > 0 ? " of " + e.num(key) : "";
    }

    private static TopSample.Event byMeta(List<TopSample.Event> events, String key, String value) {
        for (TopSample.Event e : events) {
            if (e.meta(key).equals(value)) {
                return e;
            }
        }
        return null;
    }

    private static double orZero(Double d) {
        return d == null || d.isNaN() ? 0 : d;
    }

    static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    static String padLeft(String s, int width) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + s.length() < width) {
            sb.append(' ');
        }
        return sb.append(s).toString();
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "~";
    }

    private static List<String> fit(List<String> lines, int width, int height) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (height > 0 && out.size() >= height) {
                break;
            }
            out.add(width > 0 && l.length() > width ? l.substring(0, width) : l);
        }
        return out;
    }

    /** The last minute of one series, drawn as a sparkline scaled to its own maximum. */
    static final class History {
        private final List<Double> values = new ArrayList<>();

        void add(double v, int keep) {
            values.add(v);
            while (values.size() > keep) {
                values.remove(0);
            }
        }

        String sparkline(String ramp) {
            double max = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (double v : values) {
                if (Double.isNaN(v)) {
                    sb.append(' ');
                } else {
                    int i = max <= 0 ? 0 : (int) Math.min(ramp.length() - 1, Math.round(v / max * (ramp.length() - 1)));
                    sb.append(ramp.charAt(i));
                }
            }
            return sb.toString();
        }
    }
}
