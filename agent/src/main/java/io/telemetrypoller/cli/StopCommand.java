package io.telemetrypoller.cli;

import io.telemetrypoller.agent.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code stop PID}: loads the agent jar with the control argument {@code stop}, so that the agent already
 * running there stops its pollers and closes its sinks (its threads end). A later {@code attach} starts it
 * again. Exit 0 when stopped or already stopped; 1 when no agent was ever loaded there.
 */
@Command(name = "stop", description = "Stop the agent's pollers and close its sinks in a JVM; attach starts them again.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    TargetJvm target;

    @Override
    public Integer call() throws CliException {
        try (AttachApi.Target jvm = target.open()) {
            TargetStatus state = TargetStatus.of(jvm.systemProperties());
            if (!state.loaded()) {
                throw new CliException("pid " + target.pid + ": no telemetry-poller agent runs there: nothing to stop");
            }
            Cli.requireCompatible(target.pid, state);
            if (!state.running()) {
                target.out().println("pid " + target.pid + ": telemetry-poller " + state.version()
                        + " is already " + state.state());
                return 0;
            }
            String answer = Cli.send(jvm, ControlRequest.STOP, "");
            target.out().println("pid " + target.pid + ": telemetry-poller " + answer);
        }
        return 0;
    }
}
