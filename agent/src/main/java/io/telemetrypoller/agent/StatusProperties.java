package io.telemetrypoller.agent;

import io.telemetrypoller.Poller;
import io.telemetrypoller.sink.Sink;

import java.util.List;

/**
 * The agent's state, published as system properties so that {@code telemetry-poller list} and
 * {@code status} read it through the Attach API ({@code VirtualMachine.getSystemProperties()}, the same
 * call as {@code jcmd PID VM.system_properties}) without loading anything into the JVM:
 *
 * <pre>
 * telemetry-poller.version=0.1.0
 * telemetry-poller.status={"version":"0.1.0","state":"running","generation":2,"since_ms":1795352400123,
 *   "options":"period=500,sink=file:/tmp/t.jsonl","pollers":[{"name":"default","period_ms":500,"init_delay_ms":0,
 *   "running":true,"measurements":["memory","total_run_queue_lengths","system_counts"],"failed":[]}],
 *   "sinks":["file:/tmp/t.jsonl"],"sink_problems":[]}
 * </pre>
 *
 * ({@code status} is one line; it is wrapped here.) {@code sink_problems} says why a configured sink
 * failed at the start: {@code "file:/x/t.jsonl: cannot open it (No such file or directory), tried again at
 * every batch"} or {@code "statsd://h:1: not started: ..."}; {@code attach} exits 1 when it is not empty. {@code state} is {@code running}, {@code stopped} or
 * {@code failed} (the options given at start-up were invalid; {@code error} says why). The properties
 * change on start, reconfigure and stop only, never per poll: the live counters are in the MBeans
 * ({@link PollerMBeans}). Publishing costs a few microseconds.
 */
public final class StatusProperties {
    public static final String VERSION_PROPERTY = "telemetry-poller.version";
    public static final String STATUS_PROPERTY = "telemetry-poller.status";

    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    private static final Object LOCK = new Object();
    private static long generation;

    private StatusProperties() {
    }

    /** This agent's version (the jar manifest's {@code Implementation-Version}), {@code dev} outside the jar. */
    public static String version() {
        Package p = StatusProperties.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isEmpty() ? "dev" : v;
    }

    /**
     * Whether a command line of version {@code client} may drive an agent of version {@code agent}: the
     * same {@code major.minor} (a patch release keeps the options and the control argument). A JVM keeps
     * the classes of the first agent jar it loaded, so the running agent's version is the one that counts.
     */
    public static boolean compatible(String client, String agent) {
        if (client == null || agent == null) {
            return false;
        }
        return client.equals(agent) || majorMinor(client).equals(majorMinor(agent));
    }

    static String majorMinor(String version) {
        int first = version.indexOf('.');
        int second = first < 0 ? -1 : version.indexOf('.', first + 1);
        return second < 0 ? version : version.substring(0, second);
    }

    /** After a start or reconfigure. */
    static void publishRunning(AgentRuntime runtime) {
        try {
            synchronized (LOCK) {
                generation++;
                publish(runningJson(runtime));
            }
        } catch (Throwable t) {
            // visibility must never cost the host anything
        }
    }

    /** After a stop: the pollers and sinks are gone; the options last used stay visible. */
    static void publishStopped(String lastOptions) {
        try {
            synchronized (LOCK) {
                generation++;
                publish(head(STOPPED).append(",\"options\":").append(quote(lastOptions))
                        .append(",\"pollers\":[],\"sinks\":[]}").toString());
            }
        } catch (Throwable t) {
            // as above
        }
    }

    /** The options were invalid and nothing runs (a start-up failure); a running agent keeps its state. */
    static void publishFailure(String error) {
        try {
            if (AgentRuntime.current() != null) {
                return; // checked outside LOCK: AgentRuntime publishes while holding its own lock
            }
            synchronized (LOCK) {
                generation++;
                publish(head(FAILED).append(",\"error\":").append(quote(error))
                        .append(",\"pollers\":[],\"sinks\":[]}").toString());
            }
        } catch (Throwable t) {
            // as above
        }
    }

    /** Publishes the running agent again, e.g. after a poller was stopped through its MBean. */
    static void refresh() {
        AgentRuntime runtime = AgentRuntime.current();
        if (runtime != null) {
            publishRunning(runtime);
        }
    }

    private static String runningJson(AgentRuntime runtime) {
        StringBuilder sb = head(RUNNING);
        sb.append(",\"options\":").append(quote(runtime.config().options())).append(",\"pollers\":[");
        List<Poller> pollers = runtime.pollers();
        for (int i = 0; i < pollers.size(); i++) {
            Poller p = pollers.get(i);
            sb.append(i == 0 ? "{" : ",{");
            sb.append("\"name\":").append(quote(p.name()));
            sb.append(",\"period_ms\":").append(p.periodMillis());
            sb.append(",\"init_delay_ms\":").append(p.initDelayMillis());
            sb.append(",\"running\":").append(p.isRunning());
            sb.append(",\"measurements\":");
            array(sb, p.listMeasurements());
            sb.append(",\"failed\":");
            array(sb, p.failedMeasurements());
            sb.append('}');
        }
        sb.append("],\"sinks\":[");
        List<Sink> sinks = runtime.sinks().sinks();
        for (int i = 0; i < sinks.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(sinks.get(i).description()));
        }
        sb.append("],\"sink_problems\":");
        array(sb, runtime.sinkProblems());
        return sb.append('}').toString();
    }

    private static StringBuilder head(String state) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"version\":").append(quote(version()));
        sb.append(",\"state\":").append(quote(state));
        sb.append(",\"generation\":").append(generation);
        sb.append(",\"since_ms\":").append(System.currentTimeMillis()); // epoch ms: no date formatting here
        return sb;
    }

    private static void publish(String status) {
        System.setProperty(VERSION_PROPERTY, version());
        System.setProperty(STATUS_PROPERTY, status);
    }

    private static void array(StringBuilder sb, List<String> items) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(items.get(i)));
        }
        sb.append(']');
    }

    /** A JSON string literal. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
