package io.telemetrypoller.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The /proc checks, on a fake /proc (the owner checks need real users: see the attach IT). */
class ProcessCheckTest {
    @TempDir
    Path proc;

    private void process(String pid, String comm, String sigCgt) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid));
        Files.write(dir.resolve("comm"), (comm + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("status"), ("Name:\t" + comm + "\nSigIgn:\t0000000000000000\nSigCgt:\t" + sigCgt
                + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingProcess() throws Exception {
        Files.createDirectories(proc.resolve("self"));
        CliException e = assertThrows(CliException.class, () -> new ProcessCheck(proc).requireAttachable("4242", false));
        assertEquals("no such process: 4242", e.getMessage());
    }

    @Test
    void aProcessThatWouldDieOfSigquitIsNotAttachedTo() throws Exception {
        Files.createDirectories(proc.resolve("self"));
        process("4242", "postgres", "0000000180004a00"); // no bit 2 (SIGQUIT)
        CliException e = assertThrows(CliException.class, () -> new ProcessCheck(proc).requireAttachable("4242", false));
        assertEquals("pid 4242 (postgres) is not a Java VM: nothing to attach to", e.getMessage());
    }

    @Test
    void aJvmCatchesSigquit() throws Exception {
        Files.createDirectories(proc.resolve("self"));
        process("4242", "java", "0000000181005ccf"); // HotSpot's mask on Linux: bit 2 set
        assertDoesNotThrow(() -> new ProcessCheck(proc).requireAttachable("4242", false));
    }

    @Test
    void aListedJvmNeedsNoSignalCheck() throws Exception {
        Files.createDirectories(proc.resolve("self"));
        process("4242", "java", "0000000000000000");
        assertDoesNotThrow(() -> new ProcessCheck(proc).requireAttachable("4242", true));
    }

    @Test
    void withoutProcTheAttachApiDecides() {
        assertDoesNotThrow(() -> new ProcessCheck(proc).requireAttachable("4242", false));
    }
}
