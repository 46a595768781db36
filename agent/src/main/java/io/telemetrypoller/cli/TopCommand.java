package io.telemetrypoller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code top PID}: a live, full-screen view of a JVM (memory, run queue, counts against their limits,
 * GC, CPU, workers, executors), refreshed every {@code --interval}. Works whether or not the agent runs
 * there: the agent's {@code TopFeed} measures on a thread of its own and the running configuration,
 * pollers and sinks are not touched; on quit (q, Ctrl-C, a closed terminal) the feed ends and, in a JVM
 * the agent never ran in, nothing of ours keeps running. With {@code --once}, or when standard output
 * is not a terminal, it prints one plain-text snapshot (two samples, so that rates are filled) and exits.
 */
@Command(name = "top", description = {"A live view of a JVM: memory, run queue, threads, classes, fds, GC, CPU,",
        "workers and executors. Keys: s sort, r reverse, j/k scroll, ? help, q quit.",
        "Not a terminal, or --once: one plain-text snapshot."})
final class TopCommand implements Callable<Integer> {
    static final long MIN_INTERVAL_MS = 200;

    @Mixin
    TargetJvm target;

    @Option(names = "--interval", paramLabel = "MS", description = "refresh every MS milliseconds (default 1000, at least 200)")
    long intervalMs = 1000;

    @Option(names = "--once", description = "print one plain-text snapshot and exit")
    boolean once;

    @Option(names = "--rows", paramLabel = "N", description = "workers in a snapshot (default 20)")
    int rows = 20;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "a snapshot's width (default 120)")
    int width = 120;

    @Override
    public Integer call() throws Exception {
        if (intervalMs < MIN_INTERVAL_MS) {
            throw new CliException("invalid --interval " + intervalMs + ": at least " + MIN_INTERVAL_MS + " ms");
        }
        if (rows < 1 || width < 40) {
            throw new CliException("invalid " + (rows < 1 ? "--rows " + rows + ": at least 1" : "--width " + width + ": at least 40"));
        }
        try (AttachApi.Target jvm = target.open()) {
            Properties props = jvm.systemProperties();
            Cli.requireCompatible(target.pid, TargetStatus.of(props));
            boolean unicode = unicodeLocale();
            TopView view = new TopView(target.pid, mainClass(props), props.getProperty("java.vm.name", "?") + " "
                    + props.getProperty("java.version", "?"), unicode);
            final TopFeedClient feed = new TopFeedClient(jvm);
            final TopTerminal[] terminal = new TopTerminal[1];
            Thread cleanup = new Thread(new Runnable() {
                @Override
                public void run() { // Ctrl-C, SIGHUP, SIGTERM: the terminal back, the feed ended
                    TopTerminal t = terminal[0];
                    if (t != null) {
                        t.restore();
                    }
                    feed.stop();
                }
            }, "telemetry-poller-top-exit");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                view.update(parse(feed.start(intervalMs, props.getProperty("java.io.tmpdir", "/tmp"))),
                        System.currentTimeMillis());
                if (once || !TopTerminal.interactive()) {
                    snapshot(feed, view);
                } else {
                    terminal[0] = TopTerminal.open();
                    live(feed, view, terminal[0], unicode);
                }
            } finally {
                if (terminal[0] != null) {
                    terminal[0].restore();
                }
                feed.stop();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException exiting) {
                    // the hook runs anyway
                }
            }
        }
        return 0;
    }

    private void snapshot(TopFeedClient feed, TopView view) throws CliException, InterruptedException {
        long first = System.currentTimeMillis();
        TopSample s;
        do { // a second sample, so that the rates (GC, CPU) are there
            Thread.sleep(Math.min(100, intervalMs));
            s = parse(feed.read());
            view.update(s, System.currentTimeMillis());
        } while (s.seq < 2 && System.currentTimeMillis() - first < 3 * intervalMs);
        PrintWriter out = target.out();
        for (String line : view.render(width, 0, rows)) {
            out.println(line);
        }
        out.flush();
    }

    private void live(TopFeedClient feed, TopView view, TopTerminal terminal, boolean unicode)
            throws CliException, InterruptedException {
        long next = System.currentTimeMillis() + intervalMs;
        terminal.draw(view.render(terminal.columns(), terminal.rows(), 0), unicode);
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= next) {
                view.update(parse(feed.read()), now);
                terminal.readSize();
                next = Math.max(next + intervalMs, now + intervalMs / 2);
            } else {
                int key = terminal.nextKey(next - now);
                if (key < 0) {
                    continue;
                }
                if (key == TopTerminal.RESIZED) {
                    terminal.readSize();
                } else if (!view.key(key)) {
                    return;
                }
            }
            terminal.draw(view.render(terminal.columns(), terminal.rows(), 0), unicode);
        }
    }

    private TopSample parse(String text) throws CliException {
        try {
            return TopSample.parse(text);
        } catch (IOException e) {
            throw new CliException("pid " + target.pid + ": " + e.getMessage());
        }
    }

    /** The first word of {@code sun.java.command}: the main class, or the jar. */
    static String mainClass(Properties props) {
        String main = ListCommand.firstWord(props.getProperty("sun.java.command"));
        return main.isEmpty() ? "?" : main;
    }

    /** Whether the locale's charset is UTF-8, so sparklines may use block characters. */
    static boolean unicodeLocale() {
        for (String var : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isEmpty()) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.contains("utf-8") || lower.contains("utf8");
            }
        }
        return false;
    }
}
