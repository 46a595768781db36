package io.telemetrypoller.agent;

import io.telemetrypoller.Poller;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.Syntax;
import io.telemetrypoller.sink.Sink;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * One MXBean per running poller, {@code io.telemetrypoller:type=Poller,name=<name>}, for jconsole,
 * VisualVM and {@code jcmd}: attributes {@code Period} (ms), {@code InitDelay} (ms), {@code Measurements},
 * {@code Sinks}, {@code PollCount}, {@code LastPollDurationNanos}, {@code FailedMeasurements},
 * {@code Running}, and the operation {@code stop()} (stops that poller; the others and the sinks go on).
 *
 * <p>Registered on start and reconfigure, unregistered on stop and reconfigure. The platform
 * MBeanServer costs 75-470 ms when the host has not created it yet (measured on JDK 17 and 25 here), so
 * registration never runs on the caller's thread ({@code premain} or {@code agentmain}): a short-lived
 * daemon thread {@code telemetry-poller-jmx} waits {@link #REGISTER_DELAY_MS}, creates the server,
 * registers, and ends. The wait matters: creating the server at once, beside {@code premain}, made
 * {@code premain} itself about twice as slow on a busy 2-core machine (CPU and class-loading contention).
 * A stop or reconfigure that comes first cancels a pending registration (generation check under one lock)
 * and wakes the thread, so it ends at once.
 */
public final class PollerMBeans {
    public static final String DOMAIN = "io.telemetrypoller";
    static final String THREAD_NAME = "telemetry-poller-jmx";
    /** How long after a start the MBeans are registered: out of the way of the host's own start-up. */
    static final long REGISTER_DELAY_MS = 2_000;

    private static final Object LOCK = new Object();
    private static final List<ObjectName> registered = new ArrayList<>();
    private static long generation;
    private static MBeanServer server;

    private PollerMBeans() {
    }

    /** The view of one poller, as jconsole shows it. */
    public interface PollerMXBean {
        /** The period, milliseconds. */
        long getPeriod();

        /** The delay before the first poll, milliseconds. */
        long getInitDelay();

        /** The measurements still running (a failed one is removed). */
        String[] getMeasurements();

        /** The agent's sinks (shared by every poller). */
        String[] getSinks();

        long getPollCount();

        long getLastPollDurationNanos();

        /** Removed measurements, each {@code name: reason}. */
        String[] getFailedMeasurements();

        boolean isRunning();

        /** Stops this poller; {@code telemetry-poller attach} starts it again. */
        void stop();
    }

    public static ObjectName objectName(String pollerName) throws MalformedObjectNameException {
        String value = Syntax.isWord(pollerName, Integer.MAX_VALUE, "_.-") ? pollerName : ObjectName.quote(pollerName);
        return new ObjectName(DOMAIN + ":type=Poller,name=" + value);
    }

    /** Registers the pollers' MBeans soon, off this thread. Never throws. */
    static void register(List<Poller> pollers, List<Sink> sinks) {
        final long gen;
        synchronized (LOCK) {
            gen = ++generation;
        }
        if (pollers.isEmpty()) {
            return;
        }
        final List<Poller> ps = new ArrayList<>(pollers);
        final String[] sinkNames = new String[sinks.size()];
        for (int i = 0; i < sinkNames.length; i++) {
            sinkNames[i] = sinks.get(i).description();
        }
        try {
            Thread t = new Thread(new Registration(gen, ps, sinkNames), THREAD_NAME);
            t.setDaemon(true);
            t.start();
        } catch (Throwable t) {
            AgentLog.warn("the pollers' MBeans are not registered: " + t);
        }
    }

    /** Unregisters every MBean registered so far, and cancels a registration not yet done. Never throws. */
    static void unregisterAll() {
        synchronized (LOCK) {
            generation++;
            LOCK.notifyAll(); // a registration still waiting ends now
            for (ObjectName name : registered) {
                try {
                    server.unregisterMBean(name);
                } catch (Throwable t) {
                    AgentLog.debug("MBean " + name + " not unregistered: " + t);
                }
            }
            registered.clear();
        }
    }

    /** A plain class rather than a lambda: no method-handle spinning on the premain thread. */
    private static final class Registration implements Runnable {
        private final long gen;
        private final List<Poller> pollers;
        private final String[] sinks;

        Registration(long gen, List<Poller> pollers, String[] sinks) {
            this.gen = gen;
            this.pollers = pollers;
            this.sinks = sinks;
        }

        @Override
        public void run() {
            registerNow(gen, pollers, sinks);
        }
    }

    private static void registerNow(long gen, List<Poller> pollers, String[] sinks) {
        try {
            synchronized (LOCK) {
                long deadline = System.nanoTime() + REGISTER_DELAY_MS * 1_000_000L;
                long left;
                while (gen == generation && (left = deadline - System.nanoTime()) > 0) {
                    LOCK.wait(left / 1_000_000L + 1);
                }
                if (gen != generation) {
                    return; // stopped or reconfigured meanwhile
                }
            }
            MBeanServer s = ManagementFactory.getPlatformMBeanServer(); // the cold cost, outside the lock
            synchronized (LOCK) {
                if (gen != generation) {
                    return;
                }
                server = s;
                for (Poller p : pollers) {
                    try {
                        ObjectName name = objectName(p.name());
                        s.registerMBean(new StandardMBean(new View(p, sinks), PollerMXBean.class, true), name);
                        registered.add(name);
                    } catch (Throwable t) {
                        AgentLog.warnOnce("mbean:" + p.name(), "MBean of poller " + p.name() + " not registered: " + t);
                    }
                }
            }
        } catch (Throwable t) {
            AgentLog.warn("the pollers' MBeans are not registered: " + t);
        }
    }

    private static final class View implements PollerMXBean {
        private final Poller poller;
        private final String[] sinks;

        View(Poller poller, String[] sinks) {
            this.poller = poller;
            this.sinks = sinks;
        }

        @Override
        public long getPeriod() {
            return poller.periodMillis();
        }

        @Override
        public long getInitDelay() {
            return poller.initDelayMillis();
        }

        @Override
        public String[] getMeasurements() {
            return poller.listMeasurements().toArray(new String[0]);
        }

        @Override
        public String[] getSinks() {
            return sinks.clone();
        }

        @Override
        public long getPollCount() {
            return poller.pollCount();
        }

        @Override
        public long getLastPollDurationNanos() {
            return poller.lastPollDurationNanos();
        }

        @Override
        public String[] getFailedMeasurements() {
            return poller.failedMeasurements().toArray(new String[0]);
        }

        @Override
        public boolean isRunning() {
            return poller.isRunning();
        }

        @Override
        public void stop() {
            poller.close();
            AgentLog.info("poller " + poller.name() + " stopped through JMX");
            StatusProperties.refresh();
        }
    }
}
