package io.telemetrypoller.measurement;

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

    @Test
    void aFileReadInTwoPollsInARowKeepsItsDescriptorAndReadsTheCurrentContent() throws IOException {
        KeptFiles files = files(4);
        ProcFile a = file("a", "one\n");
        files.startPoll();
        assertEquals("one\n", text(files.read(a)));
        files.endPoll();
        assertNull(a.channel, "a first read keeps nothing");

        files.startPoll();
        files.read(a);
        files.endPoll();
        assertNotNull(a.channel);
        assertEquals(1, files.held());

        Files.write(a.path, "two, longer\n".getBytes(StandardCharsets.US_ASCII));
        files.startPoll();
        assertEquals("two, longer\n", text(files.read(a)), "read again from offset 0");
        files.endPoll();

        files.startPoll(); // not read in this poll: closed at its end
        files.endPoll();
        assertNull(a.channel);
        assertEquals(0, files.held());
    }

    @Test
    void atMostMaxAreKeptAndAReleasedOneMakesRoom() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        ProcFile b = file("b", "b");
        ProcFile c = file("c", "c");
        for (int poll = 0; poll < 2; poll++) {
            files.startPoll();
            files.read(a);
            files.read(b);
            files.read(c);
            files.endPoll();
        }
        assertEquals(2, files.held());
        assertNull(c.channel);

        files.release(a); // its task vanished
        assertNull(a.channel);
        files.startPoll();
        files.read(c);
        files.read(b);
        files.endPoll();
        assertNotNull(c.channel);
        assertEquals(2, files.held());
    }

    @Test
    void aFileThatCannotBeReadAnswersMinusOne() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        for (int poll = 0; poll < 2; poll++) {
            files.startPoll();
            files.read(a);
            files.endPoll();
        }
        Files.write(a.path, new byte[0]); // how a fake task's file looks once the task is gone
        files.startPoll();
        assertEquals(-1, files.read(a));
        assertNull(a.channel);
        assertEquals(-1, files.read(new ProcFile(new File(dir, "absent").getPath())));
        files.endPoll();
    }

    @Test
    void closeClosesAllAndKeepsNoneAfter() throws IOException {
        KeptFiles files = files(2);
        ProcFile a = file("a", "a");
        for (int poll = 0; poll < 2; poll++) {
            files.startPoll();
            files.read(a);
            files.endPoll();
        }
        files.close();
        assertNull(a.channel);
        for (int poll = 0; poll < 3; poll++) {
            files.startPoll();
            assertEquals("a", text(files.read(a)));
            files.endPoll();
        }
        assertEquals(0, files.held());
    }
}
