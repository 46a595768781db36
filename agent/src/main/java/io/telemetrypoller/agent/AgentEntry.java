package io.telemetrypoller.agent;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.instrument.Instrumenter;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The thin entry: {@code premain} ({@code -javaagent}) and {@code agentmain} (attach). It parses the
 * options, starts the {@link AgentRuntime} and returns; it catches everything, so a bad option or an
 * agent bug costs the host one line on stderr, never its start. The one exception is {@code strict=true}
 * at start-up, where the user asked for invalid options to stop the JVM.
 */
public final class AgentEntry {
    private AgentEntry() {
    }

    public static void premain(String options, Instrumentation inst) {
        try {
            if (JdkTools.isJdkTool(System.getProperty("sun.java.command"), agentJarName())) {
                return; // JAVA_TOOL_OPTIONS brought us into jcmd, javac, ...: stay silent
            }
            ClassLocator.setInstrumentation(inst);
            if (LaunchOptions.parseInPremain(options)) {
                AgentConfig config = parseOrReport(options, ControlRequest.NONE, false);
                if (config != null) {
                    AgentRuntime.launch(options, config);
                }
            } else {
                List<String> workers = LaunchOptions.workerClasses(options);
                boolean executors = LaunchOptions.executors(options);
                if (!workers.isEmpty() || executors) {
                    Instrumenter.applyEarly(workers, executors); // before main: no worker loads unwoven
                }
                AgentRuntime.launch(options, null); // parsed on the start thread: the host's main goes on
            }
        } catch (StrictAbort abort) {
            throw abort.error; // strict=true: the JVM reports it and does not start
        } catch (Throwable t) {
            AgentLog.error("failed to start, the application runs without the agent: " + t);
        }
    }

    public static void agentmain(String options, Instrumentation inst) {
        ControlRequest request = ControlRequest.NONE;
        try {
            // plain OPTIONS, "stop", or the command line's "#cli VERSION ID attach|stop [OPTIONS]"
            request = ControlRequest.parse(options);
            String refused = request.refusal();
            if (refused != null) {
                AgentLog.error(refused);
                request.reply(false, refused);
                return;
            }
            if (request.isStop()) {
                boolean wasRunning = AgentRuntime.current() != null;
                AgentRuntime.stop();
                request.reply(true, wasRunning ? "stopped" : "was not running");
                return;
            }
            AgentConfig config = parseOrReport(request.options(), request, true);
            if (config == null) {
                return;
            }
            ClassLocator.setInstrumentation(inst);
            boolean restart = AgentRuntime.current() != null;
            AgentRuntime runtime = AgentRuntime.start(config);
            request.reply(true, (restart ? "reconfigured: " : "started: ") + runtime.describe());
        } catch (Throwable t) {
            AgentLog.error("failed to start, the application runs without the agent: " + t);
            request.reply(false, "failed to start: " + t);
        }
    }

    /**
     * Parses the options, or reports them (stderr, the attach reply, the published status) and returns
     * null. From {@code premain} with {@code strict=true}, a bad option throws {@link StrictAbort}.
     */
    static AgentConfig parseOrReport(String options, ControlRequest request, boolean attached) {
        AgentLog.setLevel(ConfigParser.logLevel(options));
        try {
            AgentConfig config = ConfigParser.parse(options);
            AgentLog.setLevel(config.log());
            return config;
        } catch (ConfigException e) {
            AgentLog.error(e.getMessage());
            request.reply(false, e.getMessage());
            AgentStatus.publishFailure(e.getMessage());
            if (!attached && ConfigParser.isStrict(options)) {
                throw new StrictAbort(new IllegalArgumentException(
                        "telemetry-poller: " + e.getMessage() + " (strict=true)"));
            }
            return null;
        }
    }

    /** Carries strict=true's refusal past premain's catch-all. */
    private static final class StrictAbort extends RuntimeException {
        final IllegalArgumentException error;

        StrictAbort(IllegalArgumentException error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private static String agentJarName() {
        try {
            String path = AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        } catch (Throwable t) {
            return null;
        }
    }
}
