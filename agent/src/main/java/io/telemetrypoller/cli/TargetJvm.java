package io.telemetrypoller.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** What every command aimed at one JVM takes (its PID, and {@code -h}), mixed into attach, status and stop. */
final class TargetJvm {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "PID", converter = Cli.Pid.class, description = "the JVM's process id")
    String pid;

    /** Attaches to the JVM (closed by the caller). */
    AttachApi.Target open() throws CliException {
        return Cli.open(AttachApi.load(), pid);
    }

    /** Where the command's answer goes. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
