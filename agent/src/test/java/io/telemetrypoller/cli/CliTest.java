package io.telemetrypoller.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit status and messages of the command line for everything decided before any attach. */
class CliTest {
    static final class Run {
        final int status;
        final String out;
        final List<String> err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = Arrays.asList(err.split("\\R"));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheAgentVersion() {
        Run r = run("--version");
        assertEquals(0, r.status);
        assertEquals("telemetry-poller dev", r.out.trim()); // "dev" outside the jar: no manifest version
    }

    @Test
    void helpListsTheCommandsAndTheExitStatus() {
        Run r = run("--help");
        assertEquals(0, r.status);
        for (String command : new String[] {"list", "attach", "status", "stop"}) {
            assertTrue(r.out.contains("\n  " + command + " "), r.out);
        }
        assertTrue(r.out.contains("Exit status: 0 done, 1 failed (one line on stderr says why), 2 usage error."));
    }

    @Test
    void attachHelpShowsTheSynopsis() {
        Run r = run("attach", "--help");
        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("Usage: telemetry-poller attach [-h] [--replace] PID [OPTIONS]"), r.out);
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.status);
        assertEquals("telemetry-poller: a command is required: list, attach, status, stop or top", r.err.get(0));
    }

    @Test
    void topRefusesABadIntervalRowsOrWidthBeforeAttaching() {
        Run r = run("top", "1", "--interval", "50");
        assertEquals(1, r.status);
        assertEquals(Arrays.asList("telemetry-poller: invalid --interval 50: at least 200 ms"), r.err);
        r = run("top", "1", "--rows", "0");
        assertEquals(Arrays.asList("telemetry-poller: invalid --rows 0: at least 1"), r.err);
        r = run("top", "1", "--width", "10");
        assertEquals(Arrays.asList("telemetry-poller: invalid --width 10: at least 40"), r.err);
        r = run("top", "abc");
        assertEquals(2, r.status);
        assertEquals("telemetry-poller: Invalid value for positional parameter at index 0 (PID): invalid PID 'abc': expected"
                + " a process id (see 'list')", r.err.get(0));
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run r = run("frobnicate");
        assertEquals(2, r.status);
        assertTrue(r.err.get(0).startsWith("telemetry-poller: Unmatched argument"), r.err.toString());
    }

    @Test
    void aMalformedPidIsAUsageError() {
        for (String pid : new String[] {"abc", "0", "-1", "12a", "99999999999"}) {
            Run r = run("status", pid);
            assertEquals(2, r.status, pid);
            assertTrue(r.err.get(0).contains("invalid PID '" + pid + "': expected a process id (see 'list')"),
                    r.err.toString());
            assertEquals("Usage: telemetry-poller status [-h] PID", r.err.get(1));
        }
    }

    @Test
    void aMissingPidOrAnExtraArgumentIsAUsageError() {
        assertEquals(2, run("attach").status);
        assertEquals(2, run("stop").status);
        assertEquals(2, run("attach", "123", "period=1", "sink=stdout").status);
        assertEquals(2, run("status", "123", "456").status);
    }

    @Test
    void invalidOptionsFailBeforeAnyAttachWithTheAgentsOwnMessage() {
        Run r = run("attach", "1", "period=abc");
        assertEquals(1, r.status);
        assertEquals("telemetry-poller: invalid period 'abc': expected a positive integer (milliseconds)"
                + " (nothing was attached)", r.err.get(0));
        assertEquals(1, r.err.size());
        Run unknown = run("attach", "1", "perod=5");
        assertEquals(1, unknown.status);
        assertTrue(unknown.err.get(0).startsWith("telemetry-poller: unknown option 'perod'"), unknown.err.get(0));
    }

    @Test
    void attachingToItselfIsRefused() {
        Run r = run("status", ProcessCheck.ownPid());
        assertEquals(1, r.status);
        assertEquals("telemetry-poller: pid " + ProcessCheck.ownPid() + " is this command's own JVM", r.err.get(0));
    }
}
