package io.telemetrypoller.agent;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;

/**
 * {@code agentmain}: an attach to a running JVM (the command line's, or any tool's) starts, reconfigures
 * or stops the agent and, for the command line, answers through the {@link ControlRequest}. Never throws.
 */
final class AgentAttach {
    private AgentAttach() {
    }

    static void agentmain(String options, Instrumentation inst) {
        ControlRequest request = ControlRequest.NONE;
        try {
            // plain OPTIONS, "stop", or the command line's "#cli VERSION ID attach|stop|top|top-stop [OPTIONS]"
            request = ControlRequest.parse(options);
            String refused = request.refusal();
            if (refused != null) {
                AgentLog.error(refused);
                request.reply(false, refused);
                return;
            }
            if (ControlRequest.TOP.equals(request.command())) {
                ClassLocator.setInstrumentation(inst); // process_info's memory sizes objects with it
                String why = TopFeed.start(request.options());
                if (why != null) {
                    request.reply(false, why);
                }
                return; // the feed's property is the answer: no reply left behind in a JVM the agent never ran in
            }
            if (ControlRequest.TOP_STOP.equals(request.command())) {
                String opt = request.options() == null ? "" : request.options();
                TopFeed.stop(opt.startsWith("viewer=") ? opt.substring("viewer=".length()) : opt);
                return;
            }
            if (request.isStop()) {
                TopFeed.stopAll(); // also a feed whose viewer this JVM cannot see die (another pid namespace)
                boolean wasRunning = AgentRuntime.current() != null;
                AgentRuntime.stop();
                request.reply(true, wasRunning ? "stopped" : "was not running");
                return;
            }
            AgentConfig config = OptionsCheck.parseOrReport(request.options(), request, true);
            if (config == null) {
                return;
            }
            ClassLocator.setInstrumentation(inst);
            boolean restart = AgentRuntime.current() != null;
            AgentRuntime runtime = AgentRuntime.start(config);
            request.reply(true, (restart ? "reconfigured: " : "started: ") + runtime.describeWithSinkProblems());
        } catch (Throwable t) {
            AgentLog.error("failed to start, the application runs without the agent: " + t);
            request.reply(false, "failed to start: " + t);
        }
    }
}
