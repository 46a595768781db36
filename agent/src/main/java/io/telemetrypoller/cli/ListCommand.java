package io.telemetrypoller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code list}: the JVMs this user can attach to, with their main class and the agent's state, read from
 * each JVM's system properties through the Attach API (nothing is loaded into them; a JVM that was never
 * attached to starts its attach listener thread, as for {@code jcmd}). The JVMs are asked in parallel,
 * 5 s at most each.
 *
 * <pre>
 * PID      AGENT            MAIN
 * 4242     running 0.1.0    /opt/app/example-target.jar
 * 4310     -                org.apache.catalina.startup.Bootstrap
 * </pre>
 */
@Command(name = "list", description = "List the running JVMs this user can attach to: pid, main class, agent state.")
final class ListCommand implements Callable<Integer> {
    private static final long TIMEOUT_MS = 5_000;
    private static final String FORMAT = "%-8s %-16s %s";

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws CliException {
        AttachApi api = AttachApi.load();
        String self = ProcessCheck.ownPid();
        List<AttachApi.Listed> vms = new ArrayList<>();
        for (AttachApi.Listed vm : api.list()) {
            if (!vm.pid.equals(self)) {
                vms.add(vm);
            }
        }
        vms.sort((a, b) -> Long.compare(Long.parseLong(a.pid), Long.parseLong(b.pid)));
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(FORMAT, "PID", "AGENT", "MAIN"));
        if (vms.isEmpty()) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, vms.size()), r -> {
            Thread t = new Thread(r, "list");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Properties>> answers = new ArrayList<>();
            for (AttachApi.Listed vm : vms) {
                answers.add(pool.submit(() -> {
                    try (AttachApi.Target t = api.attach(vm.pid)) {
                        return t.systemProperties();
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            for (int i = 0; i < vms.size(); i++) {
                AttachApi.Listed vm = vms.get(i);
                String agent;
                String main = firstWord(vm.displayName);
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    Properties p = answers.get(i).get(left, TimeUnit.NANOSECONDS);
                    agent = TargetStatus.of(p).summary();
                    String command = firstWord(p.getProperty("sun.java.command"));
                    main = command.isEmpty() ? main : command;
                } catch (TimeoutException e) {
                    agent = "? (no answer)";
                } catch (ExecutionException e) {
                    agent = "? (" + shortReason(e.getCause()) + ")";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    agent = "?";
                }
                out.println(String.format(FORMAT, vm.pid, agent, main.isEmpty() ? "?" : main));
            }
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    /** The first word of the text, trimmed; "" for null. */
    static String firstWord(String s) {
        if (s == null) {
            return "";
        }
        String t = s.trim();
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }

    private static String shortReason(Throwable t) {
        String m = t instanceof CliException ? t.getMessage() : String.valueOf(t);
        return m.length() > 60 ? m.substring(0, 57) + "..." : m;
    }
}
