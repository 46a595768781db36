package io.telemetrypoller.cli;

import io.telemetrypoller.internal.ProcessId;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Checks a pid before any attach, with Linux's {@code /proc} (elsewhere the Attach API's own errors
 * speak): the process exists, belongs to this user, and is a JVM. The last matters: JDK 17's Attach API
 * sends SIGQUIT to any pid to wake the JVM's attach listener, and SIGQUIT kills a process that does not
 * handle it. A JVM always handles it (thread dumps); a shell or a database does not.
 */
final class ProcessCheck {
    private static final long SIGQUIT_BIT = 1L << (3 - 1);

    private final Path proc;

    ProcessCheck(Path proc) {
        this.proc = proc;
    }

    static ProcessCheck system() {
        return new ProcessCheck(Paths.get("/proc"));
    }

    static String ownPid() {
        String pid = ProcessId.ofThisJvm();
        return pid != null ? pid : ManagementFactory.getRuntimeMXBean().getName();
    }

    /**
     * Throws unless attaching to {@code pid} may work. {@code listed}: the Attach API listed it (so it is a
     * JVM of this user with attach enabled).
     */
    void requireAttachable(String pid, boolean listed) throws CliException {
        if (pid.equals(ownPid())) {
            throw new CliException("pid " + pid + " is this command's own JVM");
        }
        if (!Files.isDirectory(proc.resolve("self"))) {
            return; // not Linux: the Attach API reports
        }
        Path dir = proc.resolve(pid);
        if (!Files.isDirectory(dir)) {
            throw new CliException("no such process: " + pid);
        }
        int me = uid(proc.resolve("self"));
        int owner = uid(dir);
        if (me != 0 && owner >= 0 && me >= 0 && owner != me) {
            throw new CliException("pid " + pid + " belongs to user " + userName(dir, owner) + " and this command"
                    + " runs as " + userName(proc.resolve("self"), me) + ": the JVM accepts attach only from its"
                    + " own user (run this command as that user, e.g. sudo -u " + userName(dir, owner) + ")");
        }
        if (!listed && !catchesSigquit(dir)) {
            throw new CliException("pid " + pid + " (" + command(dir) + ") is not a Java VM: nothing to attach to");
        }
    }

    private static int uid(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid")).intValue();
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    private static String userName(Path p, int uid) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException | RuntimeException e) {
            return "uid " + uid;
        }
    }

    /** True unless /proc says the process leaves SIGQUIT to its default action (death). */
    private static boolean catchesSigquit(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigCgt:".length()).trim(), 16);
                    return (mask & SIGQUIT_BIT) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // cannot tell: let the Attach API try
        }
        return true;
    }

    private static String command(Path dir) {
        try {
            return new String(Files.readAllBytes(dir.resolve("comm")), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
