package io.telemetrypoller.agent;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.instrument.Instrumenter;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * {@code premain}'s start when the options need something before the host's {@code main}:
 * {@code strict=} or {@code config=} are parsed here, on the main thread (a bad option must be able to
 * stop the JVM; the file may name workers); {@code workers=}, {@code process_info:CLASS} and
 * {@code executors=true} get their transformer installed from a first reading ({@link LaunchOptions}),
 * so that no worker class loads unwoven while the options are parsed on the start thread.
 */
final class EarlyStart {
    private EarlyStart() {
    }

    static void launch(String options, Instrumentation inst) {
        ClassLocator.setInstrumentation(inst);
        if (LaunchOptions.parseInPremain(options)) {
            AgentConfig config = OptionsCheck.parseOrReport(options, ControlRequest.NONE, false);
            if (config != null) {
                AgentRuntime.launch(options, config, inst);
            }
            return;
        }
        List<String> workers = LaunchOptions.workerClasses(options);
        boolean executors = LaunchOptions.executors(options);
        if (!workers.isEmpty() || executors) {
            Instrumenter.applyEarly(workers, executors); // before main: no worker loads unwoven
        }
        AgentRuntime.launch(options, null, inst);
    }
}
