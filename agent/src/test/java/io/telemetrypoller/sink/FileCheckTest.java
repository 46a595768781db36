package io.telemetrypoller.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FileCheckTest {
    @TempDir
    Path dir;

    @Test
    void regularMissingAndUnreachableFilesAreAccepted() throws Exception {
        Path file = Files.createFile(dir.resolve("events.jsonl"));
        assertNull(FileCheck.refusal(file.toString()));
        assertNull(FileCheck.refusal(dir.resolve("new.jsonl").toString()), "created at the first write");
        assertNull(FileCheck.refusal(dir.resolve("no/such/dir/e.jsonl").toString()), "retried until the directory appears");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertNull(FileCheck.refusal(link.toString()));
    }

    @Test
    void devNullIsAcceptedOtherDevicesAreNot() {
        assertNull(FileCheck.refusal("/dev/null"));
        assertEquals("/dev/zero is a character device, not a regular file", FileCheck.refusal("/dev/zero"));
    }

    @Test
    void aFifoIsRefused() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(fifo + " is a FIFO (a named pipe: its open waits for a reader), not a regular file",
                FileCheck.refusal(fifo.toString()));
        Path link = Files.createSymbolicLink(dir.resolve("to-fifo"), fifo);
        assertEquals(link + " is a FIFO (a named pipe: its open waits for a reader), not a regular file",
                FileCheck.refusal(link.toString()));
    }

    @Test
    void directoriesSymlinkLoopsAndKernelFilesAreRefused() throws Exception {
        assertEquals(dir + " is a directory", FileCheck.refusal(dir.toString()));
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        assertEquals(a + " is a symbolic link that cannot be followed (a loop?)", FileCheck.refusal(a.toString()));
        assertEquals("/proc/self/status is a file of /proc or /sys, not a file for lines",
                FileCheck.refusal("/proc/self/status"));
        assertEquals("/sys/kernel/mm/x is a file of /proc or /sys, not a file for lines",
                FileCheck.refusal("/sys/kernel/mm/x"));
        Path toProc = Files.createSymbolicLink(dir.resolve("to-proc"), java.nio.file.Paths.get("/proc/self/status"));
        assertEquals(toProc + " is a file of /proc or /sys, not a file for lines", FileCheck.refusal(toProc.toString()));
    }
}
