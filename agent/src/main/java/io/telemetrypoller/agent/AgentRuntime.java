package io.telemetrypoller.agent;

import io.telemetrypoller.Poller;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.config.PollerConfig;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.instrument.Instrumenter;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.agent.SinkFactory;
import io.telemetrypoller.sink.SinkSet;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The agent's running state in this JVM: its sinks and pollers. There is at most one; starting again
 * (a later attach) replaces it in place: old pollers stopped, old sinks flushed and closed, new ones
 * started, so no thread is duplicated. A shutdown hook flushes the sinks so the last poll is never lost,
 * and waits for their writers at most {@link #EXIT_WAIT_MS}.
 */
public final class AgentRuntime {
    private static final Object LOCK = new Object();
    /** How long the exit waits for a start still under way when events wait for the sinks. */
    private static final long EXIT_WAIT_MS = 2000;
    /** When the start thread warms the weaver up, after the start, if worker classes are configured. */
    private static final long WARM_UP_DELAY_MS = 1000;
    private static AgentRuntime current;
    private static boolean shutdownHookInstalled;
    /** Set by {@link #launch} until its start thread (or an earlier attach or stop) takes it. */
    private static Launcher pendingLaunch;
    private static StartupGate pendingGate;

    private static final String NOT_STARTED = ": not started: ";

    private final AgentConfig config;
    private final SinkSet sinks;
    private final List<Poller> pollers;
    private final List<String> sinkProblems;

    private AgentRuntime(AgentConfig config, SinkSet sinks, List<Poller> pollers, List<String> sinkProblems) {
        this.sinkProblems = sinkProblems;
        this.config = config;
        this.sinks = sinks;
        this.pollers = Collections.unmodifiableList(pollers);
    }

    /**
     * The start from {@code premain}: only what cannot wait runs on the caller's (the host's main) thread:
     * the worker transformer (a worker class may load as soon as {@code main} runs) and a
     * {@link StartupGate} holding the application's events; the options (when {@code config} is null: see
     * {@link LaunchOptions}), sinks, pollers, status and MBeans are handled on the daemon thread
     * {@code telemetry-poller-start}. Never throws.
     */
    static void launch(String options, AgentConfig config, Instrumentation inst) {
        StartupGate gate = new StartupGate();
        Launcher launcher = new Launcher(options, config, inst);
        synchronized (LOCK) {
            if (config != null) {
                Instrumenter.apply(config);
            }
            if (!gate.attach()) {
                gate = null; // the id is taken (the Poller API's own sinks?): the sinks attach as usual
            }
            pendingGate = gate;
            pendingLaunch = launcher;
            installShutdownHook();
        }
        // last: started any earlier, the start thread competes with the rest of premain for a core
        // (measured: 1.52x against 1.34x the empty agent's start with the default options)
        Thread starter = new Thread(launcher, "telemetry-poller-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Starts the agent, or reconfigures it if it already runs. Never throws for a sink or measurement. */
    public static AgentRuntime start(AgentConfig config) {
        synchronized (LOCK) {
            return startLocked(config);
        }
    }

    private static AgentRuntime startLocked(AgentConfig config) {
        boolean restart = current != null;
        stopLocked();
        pendingLaunch = null; // a later attach supersedes the launch; the gate's events go to its sinks
        Instrumenter.apply(config); // workers= and executors=true; changes only what changed
        List<String> sinkProblems = new ArrayList<>();
        SinkSet sinks = new SinkSet(createSinks(config, sinkProblems));
        StartupGate gate = pendingGate;
        pendingGate = null;
        if (gate != null) {
            gate.open(sinks);
            if (gate.dropped() > 0) {
                AgentLog.warn(gate.dropped() + " events emitted before the sinks started were dropped (more than "
                        + StartupGate.CAPACITY + ")");
            }
        } else {
            sinks.attach();
        }
        List<Poller> pollers = new ArrayList<>();
        for (PollerConfig pc : config.pollers()) {
            pollers.add(startPoller(pc, config, sinks));
        }
        current = new AgentRuntime(config, sinks, pollers, Collections.unmodifiableList(sinkProblems));
        installShutdownHook();
        StatusProperties.publishRunning(current);
        PollerMBeans.register(current.pollers(), current.sinks.sinks());
        AgentLog.info((restart ? "reconfigured: " : "started: ") + current.describe());
        return current;
    }

    /** Stops every poller, flushes and closes every sink; the host is left as it was. */
    public static void stop() {
        synchronized (LOCK) {
            pendingLaunch = null;
            dropPendingGateLocked();
            if (current != null) {
                String options = current.config.options();
                stopLocked();
                Instrumenter.stop();
                StatusProperties.publishStopped(options);
                AgentLog.info("stopped");
            }
        }
    }

    /** The running agent, or null. */
    public static AgentRuntime current() {
        synchronized (LOCK) {
            return current;
        }
    }

    public AgentConfig config() {
        return config;
    }

    public List<Poller> pollers() {
        return pollers;
    }

    public SinkSet sinks() {
        return sinks;
    }

    /** The pollers and sinks as the {@code agent} measurement reads them. */
    RuntimeHealth health() {
        return new RuntimeHealth(pollers, sinks);
    }

    /** e.g. {@code poller default (period 5000 ms: memory, ...); sinks: stdout}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        // what runs, as status shows it: process_info for the workers= classes and the executors included
        for (Poller p : pollers) {
            sb.append("poller ").append(p.name()).append(" (period ").append(p.periodMillis()).append(" ms: ")
                    .append(String.join(", ", p.listMeasurements())).append("); ");
        }
        if (pollers.isEmpty()) {
            sb.append("no pollers; ");
        }
        List<String> names = new ArrayList<>();
        for (Sink s : sinks.sinks()) {
            names.add(s.description());
        }
        sb.append("sinks: ").append(names.isEmpty() ? "none" : String.join(", ", names));
        for (String p : sinkProblems) {
            if (!p.contains(NOT_STARTED)) { // those have a line of their own
                sb.append("; sink ").append(p);
            }
        }
        return sb.toString();
    }

    /** {@link #describe}, with every sink that failed at the start and why: the answer to an attach. */
    String describeWithSinkProblems() {
        StringBuilder sb = new StringBuilder(describe());
        for (String p : sinkProblems) {
            if (p.contains(NOT_STARTED)) {
                sb.append("; sink ").append(p);
            }
        }
        return sb.toString();
    }

    private static void stopLocked() {
        AgentRuntime old = current;
        current = null;
        if (old == null) {
            return;
        }
        PollerMBeans.unregisterAll();
        for (Poller p : old.pollers) {
            p.close();
        }
        old.sinks.detach();
        old.sinks.flush();
        old.sinks.close();
    }

    /** The sinks that could be created; {@code problems} gets why each other one failed or cannot write now. */
    private static List<Sink> createSinks(AgentConfig config, List<String> problems) {
        List<Sink> sinks = new ArrayList<>();
        for (SinkSpec spec : config.sinks()) {
            try {
                sinks.add(SinkFactory.create(spec, config, problems));
            } catch (Throwable t) {
                AgentLog.warn("sink " + spec + " not started: " + t.getMessage() + " (the other sinks go on)");
                problems.add(spec + NOT_STARTED + t.getMessage());
            }
        }
        return sinks;
    }

    /**
     * Why a configured sink failed at the start: not created ({@code file:/x: not started: ...}) or
     * created but unable to write now ({@code file:/x: cannot open it (...), tried again at every batch}).
     */
    public List<String> sinkProblems() {
        return sinkProblems;
    }

    private static Poller startPoller(PollerConfig pc, AgentConfig config, SinkSet sinks) {
        Poller.Builder b = Poller.builder().name(pc.name()).period(pc.periodMs()).initDelay(pc.initDelayMs())
                .measurementTimeout(config.measurementTimeoutMs()).onPollComplete(sinks::pollCompleted);
        for (MeasurementSpec spec : pc.running()) {
            b.measurement(new DeferredMeasurement(spec)); // created on the poller thread, not in premain
        }
        return b.start();
    }

    private static void installShutdownHook() {
        if (shutdownHookInstalled) {
            return;
        }
        shutdownHookInstalled = true;
        Thread hook = new Thread(new FlushAtExit(), "telemetry-poller-shutdown"); // no lambda: premain runs this
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing to flush later
        }
    }

    private static void flushAtExit() {
        StartupGate gate;
        Launcher launcher;
        synchronized (LOCK) {
            gate = pendingGate;
            launcher = pendingLaunch;
        }
        if (launcher != null) {
            launcher.exiting = true; // start nothing more unless events wait for the sinks
            if (launcher.mayBeRefused()) {
                launcher.awaitJudged(EXIT_WAIT_MS); // a host that exits at once still hears about a bad option
            }
        }
        if (gate != null && gate.holdsEvents()) {
            // the host emitted events and is exiting before the start thread created the sinks: let it finish
            try {
                gate.awaitOpen(EXIT_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AgentRuntime running;
        synchronized (LOCK) {
            running = current;
        }
        if (running != null) {
            running.sinks.flush();
            // the writers write on threads of their own; a stuck one (a hung mount) delays the exit this long at most
            running.sinks.awaitIdle(EXIT_WAIT_MS);
        }
    }

    /** The launch will not open the gate: it is detached and what it held is dropped. */
    private static void dropPendingGateLocked() {
        if (pendingGate != null) {
            Telemetry.detach(SinkSet.HANDLER_ID);
            pendingGate.close();
            pendingGate = null;
        }
    }

    private static final class FlushAtExit implements Runnable {
        @Override
        public void run() {
            flushAtExit();
        }
    }

    /** Runs the deferred part of {@link #launch}, unless an attach or stop came first. */
    private static final class Launcher implements Runnable {
        private final String options;
        private final AgentConfig parsed;
        private final Instrumentation inst;
        private boolean judged; // guarded by this: the options were parsed (and any error reported)
        /** The JVM exits: starting pollers now would only slow the exit down. */
        volatile boolean exiting;

        Launcher(String options, AgentConfig parsed, Instrumentation inst) {
            this.options = options;
            this.parsed = parsed;
            this.inst = inst;
        }

        @Override
        public void run() {
            try {
                ClassLocator.setInstrumentation(inst); // premain leaves it here: one class less on the host's main
                AgentConfig config;
                try {
                    config = parsed != null ? parsed : OptionsCheck.parseOrReport(options, ControlRequest.NONE, false);
                } finally {
                    synchronized (this) {
                        judged = true;
                        notifyAll();
                    }
                }
                synchronized (LOCK) {
                    if (pendingLaunch != this) {
                        return; // an attach or a stop came first
                    }
                    if (exiting && (pendingGate == null || !pendingGate.holdsEvents())) {
                        return; // the host is already exiting and emitted nothing: nothing to start for
                    }
                    if (config != null) {
                        startLocked(config);
                    }
                }
                if (config != null) {
                    warmUpLater();
                    return;
                }
            } catch (Throwable t) {
                AgentLog.error("failed to start, the application runs without the agent: " + t);
            }
            cancel();
        }

        /**
         * With worker classes configured, loads the weaver a second after the start
         * (docs/workers.md): not at once, since the host's start-up would then pay for it (about 15 ms of
         * CPU and 3 MiB) even when no worker class ever loads; a worker class that loads earlier pays for
         * its weaving cold, as it would without this.
         */
        private void warmUpLater() throws InterruptedException {
            Thread.sleep(WARM_UP_DELAY_MS);
            Instrumenter.warmUp();
        }

        /**
         * Whether the parse may refuse the options, so that an exit must wait for its verdict: not when
         * they were parsed already, nor when there are none (the defaults are valid: a host that exits at
         * once with {@code -javaagent:telemetry-poller.jar} has nothing to hear about, and no reason to wait).
         */
        boolean mayBeRefused() {
            return parsed == null && options != null && !options.isEmpty();
        }

        /** Waits up to {@code millis} until the options are parsed and any error reported. */
        synchronized void awaitJudged(long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            try {
                while (!judged) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    wait(left / 1_000_000L + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void cancel() {
            synchronized (LOCK) {
                if (pendingLaunch == this) {
                    pendingLaunch = null;
                    if (current == null) {
                        Instrumenter.stop(); // premain's first reading of workers= stands for invalid options
                    }
                }
                dropPendingGateLocked();
            }
        }
    }
}
