package io.telemetrypoller.agent;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;

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
        launch(options, inst, false);
    }

    public static void agentmain(String options, Instrumentation inst) {
        launch(options, inst, true);
    }

    private static void launch(String options, Instrumentation inst, boolean attached) {
        RuntimeException abort = null;
        ControlRequest request = ControlRequest.NONE;
        try {
            if (!attached && JdkTools.isJdkTool(System.getProperty("sun.java.command"), agentJarName())) {
                return; // JAVA_TOOL_OPTIONS brought us into jcmd, javac, ...: stay silent
            }
            if (attached) {
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
                options = request.options();
            }
            AgentLog.setLevel(ConfigParser.logLevel(options));
            AgentConfig config;
            try {
                config = ConfigParser.parse(options);
            } catch (ConfigException e) {
                AgentLog.error(e.getMessage());
                request.reply(false, e.getMessage());
                AgentStatus.publishFailure(e.getMessage());
                if (!attached && ConfigParser.isStrict(options)) {
                    abort = new IllegalArgumentException("telemetry-poller: " + e.getMessage() + " (strict=true)");
                }
                return;
            }
            AgentLog.setLevel(config.log());
            ClassLocator.setInstrumentation(inst);
            boolean restart = AgentRuntime.current() != null;
            AgentRuntime runtime = AgentRuntime.start(config);
            request.reply(true, (restart ? "reconfigured: " : "started: ") + runtime.describe());
        } catch (Throwable t) {
            AgentLog.error("failed to start, the application runs without the agent: " + t);
            request.reply(false, "failed to start: " + t);
        } finally {
            if (abort != null) {
                throw abort; // strict=true: the JVM reports it and does not start
            }
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
