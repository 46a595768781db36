package io.telemetrypoller.proc;

import io.telemetrypoller.proc.FakeProc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeptFilesTest {
    @TempDir
    File dir;

    private final byte[] buf = new byte[4096];

    private ProcFile file(String name, String content) throws IOException {
        File f = new File(dir, name);
        Files.write(f.toPath(), content.getBytes(StandardCharsets.US_ASCII));
        return new ProcFile(f.getPath());
    }

    private KeptFiles files(int max) {
        FakeProc proc = new FakeProc(new File(dir, "self")).fdLimit(1024).openFds(10);
        return new KeptFiles(buf, new FdHeadroom(proc.self), max);
    }

    private String text(int len) {
        return new String(buf, 0, len, StandardCharsets.US_ASCII);
    }

    /** One poll reading these files, in this order. */
    private static void poll(KeptFiles files, ProcFile... read) {
        files.startPoll();
        for (ProcFile f : read) {
            files.read(f);
        }
    }

    @Test
    void aFileReadInTwoPollsInARowKeepsItsDescriptorAndReadsTheCurrentContent() throws IOException {
        KeptFiles files = files(4);
        ProcFile a = file("a", "one\n");
        files.startPoll();
        assertEquals("one\n", text(files.read(a)));
        assertNull(a.file, "a first read keeps nothing");

        poll(files, a);
        assertNotNull(a.file);
        assertEquals(1, files.held());

        Files.write(a.path, "two, longer\n".getBytes(StandardCharsets.US_ASCII));
        files.startPoll();
        assertEquals("two, longer\n", text(files.read(a)), "read again from offset 0");

        poll(files); // unread for a while: still kept, so the process's descriptor count stays steady
        poll(files);
        assertNotNull(a.file);

        files.release(a); // its task vanished
        assertNull(a.file);
        assertEquals(0, files.held());
    }

    @Test
    void whenAllAreTakenAFileReadTwiceInARowTakesThePlaceOfTheOneReadLongestAgo() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        ProcFile b = file("b", "b");
        ProcFile c = file("c", "c");
        poll(files, a, b);
        poll(files, a, b);
        assertEquals(2, files.held());

        poll(files, a, c); // c read once: nothing to take yet
        assertNull(c.file);
        poll(files, a, c); // twice in a row: b, unread for two polls, gives way
        assertNotNull(c.file);
        assertNull(b.file);
        assertNotNull(a.file);
        assertEquals(2, files.held());

        // files read every poll never push each other out
        for (int i = 0; i < 3; i++) {
            poll(files, a, b, c);
        }
        assertNotNull(a.file);
        assertNull(b.file);
        assertNotNull(c.file);
    }

    @Test
    void aFileReadOnlyEveryOtherPollIsNeverKept() throws IOException {
        KeptFiles files = files(4);
        ProcFile stat = file("stat", "1 (x) S"); // a thread's stat, read in the polls after it ran
        for (int i = 0; i < 6; i++) {
            files.startPoll();
            if (i % 2 == 0) {
                assertEquals("1 (x) S", text(files.read(stat)));
            }
        }
        assertNull(stat.file);
        assertEquals(0, files.held());
    }

    @Test
    void aFileThatCannotBeReadAnswersMinusOne() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        poll(files, a);
        poll(files, a);
        Files.write(a.path, new byte[0]); // how a fake task's file looks once the task is gone
        files.startPoll();
        assertEquals(-1, files.read(a));
        assertNull(a.file);
        assertEquals(0, files.held());
        assertEquals(-1, files.read(new ProcFile(new File(dir, "absent").getPath())));
    }

    @Test
    void closeClosesAllAndKeepsNoneAfter() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        poll(files, a);
        poll(files, a);
        files.close();
        assertNull(a.file);
        for (int i = 0; i < 3; i++) {
            files.startPoll();
            assertEquals("a", text(files.read(a)));
        }
        assertEquals(0, files.held());
    }
}
