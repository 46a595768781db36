package io.telemetrypoller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code status PID}: the agent's pollers, with period and measurements, and its sinks, read from the
 * system properties it publishes (nothing is loaded into the JVM). Exit 0 when it runs; 1 (one line)
 * when no agent was loaded there, or it is stopped, or its start-up options were invalid.
 *
 * <pre>
 * pid 4242: telemetry-poller 0.1.0 running since 2026-11-22T13:00:00.123Z
 *   options: period=500,sink=file:/tmp/t.jsonl
 *   poller default: period 500 ms, init_delay 0 ms, measurements memory, total_run_queue_lengths, system_counts
 *   sinks: file:/tmp/t.jsonl
 * </pre>
 */
@Command(name = "status", description = "Show the agent's pollers (period, measurements) and sinks in a JVM.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    TargetJvm target;

    @Override
    public Integer call() throws CliException {
        TargetStatus state;
        try (AttachApi.Target jvm = target.open()) {
            state = TargetStatus.of(jvm.systemProperties());
        }
        if (!state.loaded()) {
            throw new CliException("pid " + target.pid + ": no telemetry-poller agent runs there (start one with: attach "
                    + target.pid + " [OPTIONS])");
        }
        if (!state.running()) {
            String why = state.error().isEmpty() ? "" : ": " + state.error();
            throw new CliException("pid " + target.pid + ": telemetry-poller " + state.version() + " is " + state.state()
                    + " since " + state.since() + why + " (attach starts it again)");
        }
        for (String line : state.describe(target.pid)) {
            target.out().println(line);
        }
        return 0;
    }
}
