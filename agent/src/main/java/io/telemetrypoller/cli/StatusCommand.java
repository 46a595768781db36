package io.telemetrypoller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "PID", converter = Cli.Pid.class, description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() throws CliException {
        TargetStatus state;
        try (AttachApi.Target target = Cli.open(AttachApi.load(), pid)) {
            state = TargetStatus.of(target.systemProperties());
        }
        if (!state.loaded()) {
            throw new CliException("pid " + pid + ": no telemetry-poller agent runs there (start one with: attach "
                    + pid + " [OPTIONS])");
        }
        if (!state.running()) {
            String why = state.error().isEmpty() ? "" : ": " + state.error();
            throw new CliException("pid " + pid + ": telemetry-poller " + state.version() + " is " + state.state()
                    + " since " + state.since() + why + " (attach starts it again)");
        }
        for (String line : state.describe(pid)) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
