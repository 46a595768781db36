package io.telemetrypoller.agent;

/**
 * What an {@code agentmain} argument asks for. Three forms:
 * <ul>
 *   <li>plain OPTIONS (e.g. from {@code jcmd PID JVMTI.agent_load telemetry-poller.jar period=500}):
 *       start, or reconfigure in place;</li>
 *   <li>{@code stop} (no option is called that): stop the pollers and close the sinks;</li>
 *   <li>the command line's envelope, {@code #cli VERSION ID attach [OPTIONS]} or
 *       {@code #cli VERSION ID stop}, or {@code top}'s {@code #cli VERSION ID top|top-stop OPTIONS}: the same, plus the caller's version, checked against the running
 *       agent's, and a reply in the system property {@link #REPLY_PROPERTY}:
 *       {@code ID ok started: poller default (...)} or {@code ID error invalid period 'x': ...}.</li>
 * </ul>
 * The reply is how the command line learns what happened: {@code agentmain} never throws, and the
 * Attach API's {@code loadAgent} returns once it has run.
 */
public final class ControlRequest {
    public static final String PREFIX = "#cli ";
    public static final String REPLY_PROPERTY = "telemetry-poller.reply";
    public static final String STOP = "stop";
    public static final String ATTACH = "attach";
    /** {@code top}'s feed: {@code #cli VERSION ID top interval=MS,viewer=PID} ({@link TopFeed}). */
    public static final String TOP = "top";
    /** Ends a viewer's feed: {@code #cli VERSION ID top-stop viewer=PID}. */
    public static final String TOP_STOP = "top-stop";
    /** The feed's answer: {@code telemetry-poller.top.VIEWER} holds the path of its file. */
    public static final String TOP_PROPERTY_PREFIX = "telemetry-poller.top.";

    /** premain: options only, no reply. */
    static final ControlRequest NONE = new ControlRequest(null, null, ATTACH, null);

    private final String clientVersion;
    private final String id;
    private final String command;
    private final String options;

    private ControlRequest(String clientVersion, String id, String command, String options) {
        this.clientVersion = clientVersion;
        this.id = id;
        this.command = command;
        this.options = options;
    }

    static ControlRequest parse(String args) {
        if (args == null) {
            return new ControlRequest(null, null, ATTACH, null);
        }
        if (args.trim().equals(STOP)) {
            return new ControlRequest(null, null, STOP, null);
        }
        if (!args.startsWith(PREFIX)) {
            return new ControlRequest(null, null, ATTACH, args);
        }
        String[] parts = args.substring(PREFIX.length()).split(" ", 4);
        String version = parts.length > 0 ? parts[0] : null;
        String id = parts.length > 1 ? parts[1] : null;
        String command = parts.length > 2 ? parts[2] : "";
        String options = parts.length > 3 ? parts[3] : "";
        return new ControlRequest(version, id, command, options);
    }

    /**
     * The name of a viewer's file in the target's temporary directory: {@code .txt} the feed's samples,
     * {@code .lease} the viewer's lease (docs/top.md).
     */
    public static String topFileName(String viewer, String extension) {
        return "telemetry-poller-top-" + viewer + extension;
    }

    /** The envelope the command line sends. */
    public static String encode(String clientVersion, String id, String command, String options) {
        return PREFIX + clientVersion + " " + id + " " + command
                + (options == null || options.isEmpty() ? "" : " " + options);
    }

    boolean isStop() {
        return STOP.equals(command);
    }

    String command() {
        return command;
    }

    /** The OPTIONS to start with (may be null or empty: every default). */
    String options() {
        return options;
    }

    /** Why this agent refuses the request, or null. */
    String refusal() {
        if (!STOP.equals(command) && !ATTACH.equals(command) && !TOP.equals(command) && !TOP_STOP.equals(command)) {
            return "unknown control command '" + command + "' (expected attach, stop, top or top-stop)";
        }
        String running = StatusProperties.version();
        if (clientVersion != null && !StatusProperties.compatible(clientVersion, running)) {
            return "this JVM runs telemetry-poller " + running + ", the command line is " + clientVersion
                    + ": use the telemetry-poller.jar of version " + StatusProperties.majorMinor(running) + ".x";
        }
        return null;
    }

    /** Publishes the outcome for the command line; a no-op for plain options. Never throws. */
    void reply(boolean ok, String message) {
        if (id == null) {
            return;
        }
        try {
            System.setProperty(REPLY_PROPERTY, id + (ok ? " ok " : " error ") + oneLine(message));
        } catch (Throwable ignored) {
            // the command line then reports that no reply came
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }
}
