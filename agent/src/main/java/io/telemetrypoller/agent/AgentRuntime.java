package io.telemetrypoller.agent;

import io.telemetrypoller.Poller;
import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.MeasurementSpec;
import io.telemetrypoller.config.PollerConfig;
import io.telemetrypoller.config.SinkSpec;
import io.telemetrypoller.instrument.Instrumenter;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.sink.Sink;
import io.telemetrypoller.sink.SinkFactory;
import io.telemetrypoller.sink.SinkSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The agent's running state in this JVM: its sinks and pollers. There is at most one; starting again
 * (a later attach) replaces it in place: old pollers stopped, old sinks flushed and closed, new ones
 * started, so no thread is duplicated. A shutdown hook flushes the sinks so the last poll is never lost.
 */
public final class AgentRuntime {
    private static final Object LOCK = new Object();
    private static AgentRuntime current;
    private static boolean shutdownHookInstalled;

    private final AgentConfig config;
    private final SinkSet sinks;
    private final List<Poller> pollers;

    private AgentRuntime(AgentConfig config, SinkSet sinks, List<Poller> pollers) {
        this.config = config;
        this.sinks = sinks;
        this.pollers = Collections.unmodifiableList(pollers);
    }

    /** Starts the agent, or reconfigures it if it already runs. Never throws for a sink or measurement. */
    public static AgentRuntime start(AgentConfig config) {
        synchronized (LOCK) {
            boolean restart = current != null;
            stopLocked();
            Instrumenter.apply(config); // workers= and executors=true; changes only what changed
            SinkSet sinks = new SinkSet(createSinks(config));
            sinks.attach();
            List<Poller> pollers = new ArrayList<>();
            for (PollerConfig pc : config.pollers()) {
                pollers.add(startPoller(pc, config, sinks));
            }
            current = new AgentRuntime(config, sinks, pollers);
            installShutdownHook();
            AgentStatus.publishRunning(current);
            PollerMBeans.register(current.pollers(), current.sinks.sinks());
            AgentLog.info((restart ? "reconfigured: " : "started: ") + current.describe());
            return current;
        }
    }

    /** Stops every poller, flushes and closes every sink; the host is left as it was. */
    public static void stop() {
        synchronized (LOCK) {
            if (current != null) {
                String options = current.config.options();
                stopLocked();
                Instrumenter.stop();
                AgentStatus.publishStopped(options);
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

    /** e.g. {@code poller default (period 5000 ms: memory, ...); sinks: stdout}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (PollerConfig pc : config.pollers()) {
            sb.append("poller ").append(pc.describe()).append("; ");
        }
        if (config.pollers().isEmpty()) {
            sb.append("no pollers; ");
        }
        List<String> names = new ArrayList<>();
        for (Sink s : sinks.sinks()) {
            names.add(s.description());
        }
        return sb.append("sinks: ").append(names.isEmpty() ? "none" : String.join(", ", names)).toString();
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

    private static List<Sink> createSinks(AgentConfig config) {
        List<Sink> sinks = new ArrayList<>();
        for (SinkSpec spec : config.sinks()) {
            try {
                sinks.add(SinkFactory.create(spec, config));
            } catch (Throwable t) {
                AgentLog.warn("sink " + spec + " not started: " + t.getMessage() + " (the other sinks go on)");
            }
        }
        return sinks;
    }

    private static Poller startPoller(PollerConfig pc, AgentConfig config, SinkSet sinks) {
        Poller.Builder b = Poller.builder().name(pc.name()).period(pc.periodMs()).initDelay(pc.initDelayMs())
                .measurementTimeout(config.measurementTimeoutMs()).onPollComplete(sinks::flush);
        for (MeasurementSpec spec : Instrumenter.withImplied(pc)) {
            b.measurement(new DeferredMeasurement(spec)); // created on the poller thread, not in premain
        }
        return b.start();
    }

    private static void installShutdownHook() {
        if (shutdownHookInstalled) {
            return;
        }
        shutdownHookInstalled = true;
        Thread hook = new Thread(AgentRuntime::flushAtExit, "telemetry-poller-shutdown");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing to flush later
        }
    }

    private static void flushAtExit() {
        AgentRuntime running;
        synchronized (LOCK) {
            running = current;
        }
        if (running != null) {
            running.sinks.flush();
        }
    }
}
