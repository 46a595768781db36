package io.telemetrypoller.cli;

import io.telemetrypoller.agent.StatusProperties;
import io.telemetrypoller.agent.ControlRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code java -jar telemetry-poller.jar COMMAND}: {@code list}, {@code attach PID [OPTIONS]},
 * {@code status PID}, {@code stop PID}, {@code top PID}, {@code --help}, {@code --version}.
 *
 * <p>Exit status: 0 done; 1 failed, with one line on stderr saying why ({@code telemetry-poller: ...});
 * 2 usage error (unknown command, missing or malformed PID, extra arguments), with the line and the
 * command's synopsis. Invalid OPTIONS are a failure (1), not a usage error: the command line's shape was
 * right, the agent's configuration was not, and the message is the one the agent itself would print.
 *
 * <p>How it talks to a JVM: the Attach API ({@link AttachApi}) reads the system properties the agent
 * publishes ({@link StatusProperties}), and loads the agent jar with a control argument
 * ({@link ControlRequest}) to start, reconfigure or stop it; the agent answers in a system property.
 */
@Command(name = "telemetry-poller", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Starts, reconfigures, inspects and stops the telemetry-poller agent in running JVMs, and watches them live (top).",
        subcommands = {ListCommand.class, AttachCommand.class, StatusCommand.class, StopCommand.class, TopCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done, 1 failed (one line on stderr says why), 2 usage error.",
                "See docs/attach.md."})
public final class Cli implements Callable<Integer> {
    static final String PREFIX = "telemetry-poller: ";
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(PREFIX + (e instanceof CliException ? e.getMessage() : "internal error: " + e));
            return FAILED;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required: list, attach, status, stop or top");
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(PREFIX + e.getMessage());
        err.print("Usage: " + cmd.getHelp().synopsis(0));
        err.println("Try 'java -jar telemetry-poller.jar " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ")
                + "--help'.");
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"telemetry-poller " + StatusProperties.version()};
        }
    }

    /** A PID: a positive decimal number; anything else is a usage error. */
    static final class Pid implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[1-9][0-9]{0,9}")) {
                throw new CommandLine.TypeConversionException(
                        "invalid PID '" + value + "': expected a process id (see 'list')");
            }
            return value;
        }
    }

    // ---- shared by the commands ----

    /** Checks the pid, then attaches (close the result to detach). */
    static AttachApi.Target open(AttachApi api, String pid) throws CliException {
        boolean listed = false;
        for (AttachApi.Listed vm : api.list()) {
            listed |= vm.pid.equals(pid);
        }
        ProcessCheck.system().requireAttachable(pid, listed);
        return api.attach(pid);
    }

    /** Throws if the agent running in the target is of a version this command cannot drive. */
    static void requireCompatible(String pid, TargetStatus state) throws CliException {
        String mine = StatusProperties.version();
        if (state.loaded() && !StatusProperties.compatible(mine, state.version())) {
            throw new CliException("pid " + pid + " runs telemetry-poller " + state.version() + " and this command is "
                    + mine + ": use the telemetry-poller.jar of that version (a JVM keeps the agent classes it"
                    + " loaded first)");
        }
    }

    /** Loads the agent jar with a control request and returns the agent's answer ({@code ok ...}). */
    static String send(AttachApi.Target target, String command, String options) throws CliException {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        target.loadAgent(agentJar(), ControlRequest.encode(StatusProperties.version(), id, command, options));
        for (int i = 0; i < 30; i++) { // agentmain has run when loadAgent returns; this is only a safety net
            Properties p = target.systemProperties();
            String reply = p.getProperty(ControlRequest.REPLY_PROPERTY);
            if (reply != null && reply.startsWith(id + " ")) {
                String answer = reply.substring(id.length() + 1);
                if (answer.startsWith("ok ")) {
                    return answer.substring(3);
                }
                throw new CliException("pid " + target.pid + ": " + answer.substring(answer.indexOf(' ') + 1));
            }
            sleep(100);
        }
        throw new CliException("pid " + target.pid + ": the agent did not answer (see that JVM's stderr)");
    }

    /** The jar this command runs from: the agent jar loaded into targets. */
    static String agentJar() throws CliException {
        try {
            File f = new File(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (f.isFile()) {
                return f.getAbsolutePath();
            }
        } catch (Exception e) {
            // below
        }
        throw new CliException("cannot find the agent jar this command runs from: run it as java -jar telemetry-poller.jar");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
