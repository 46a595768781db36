package io.telemetrypoller.cli;

import io.telemetrypoller.agent.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code stop PID}: loads the agent jar with the control argument {@code stop}, so that the agent already
 * running there stops its pollers and closes its sinks (its threads end). A later {@code attach} starts it
 * again. Exit 0 when stopped or already stopped; 1 when no agent was ever loaded there.
 */
@Command(name = "stop", description = "Stop the agent's pollers and close its sinks in a JVM; attach starts them again.")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "PID", converter = Cli.Pid.class, description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() throws CliException {
        try (AttachApi.Target target = Cli.open(AttachApi.load(), pid)) {
            TargetStatus state = TargetStatus.of(target.systemProperties());
            if (!state.loaded()) {
                throw new CliException("pid " + pid + ": no telemetry-poller agent runs there: nothing to stop");
            }
            Cli.requireCompatible(pid, state);
            if (!state.running()) {
                spec.commandLine().getOut().println("pid " + pid + ": telemetry-poller " + state.version()
                        + " is already " + state.state());
                return 0;
            }
            String answer = Cli.send(target, ControlRequest.STOP, "");
            spec.commandLine().getOut().println("pid " + pid + ": telemetry-poller " + answer);
        }
        return 0;
    }
}
