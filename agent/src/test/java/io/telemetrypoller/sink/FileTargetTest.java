package io.telemetrypoller.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileTargetTest {
    @TempDir
    Path dir;

    private static void write(FileTarget target, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        target.write(b, b.length);
    }

    @Test
    void afterAMoveTheLinesGoToANewFileAtThePath() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), 0);
        write(target, "a\n");
        Files.move(file, dir.resolve("events.jsonl.1"));
        write(target, "b\n");
        target.close();
        assertEquals(Collections.singletonList("a"), Files.readAllLines(dir.resolve("events.jsonl.1")));
        assertEquals(Collections.singletonList("b"), Files.readAllLines(file));
    }

    @Test
    void afterARemoveTheLinesGoToANewFileAtThePath() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), 0);
        write(target, "a\n");
        Files.delete(file);
        write(target, "b\n");
        target.close();
        assertEquals(Collections.singletonList("b"), Files.readAllLines(file));
    }

    @Test
    void afterAMoveAndRecreateTheLinesGoToTheNewFile() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), 0);
        write(target, "a\n");
        Files.move(file, dir.resolve("events.jsonl.1"));
        Files.write(file, "header\n".getBytes(StandardCharsets.UTF_8)); // logrotate's create
        write(target, "b\n");
        target.close();
        assertEquals(Arrays.asList("header", "b"), Files.readAllLines(file));
    }

    @Test
    void afterCopyTruncateTheLinesContinueAtTheNewEndOfTheSameFile() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), 0);
        write(target, "a\n");
        Files.copy(file, dir.resolve("events.jsonl.1"));
        Files.write(file, new byte[0]); // truncates in place: same inode
        write(target, "b\n");
        target.close();
        assertEquals(Collections.singletonList("b"), Files.readAllLines(file));
        assertEquals(Collections.singletonList("a"), Files.readAllLines(dir.resolve("events.jsonl.1")));
    }

    @Test
    void withinTheCheckIntervalTheOpenFileIsKept() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), Long.MAX_VALUE / 2);
        write(target, "a\n");
        Files.move(file, dir.resolve("events.jsonl.1"));
        write(target, "b\n");
        target.close();
        assertEquals(Arrays.asList("a", "b"), Files.readAllLines(dir.resolve("events.jsonl.1")));
        assertEquals(false, Files.exists(file));
    }

    @Test
    void aPathThatBecameADirectoryIsNotOpened() throws Exception {
        Path file = dir.resolve("events.jsonl");
        FileTarget target = new FileTarget(file.toString(), 0);
        write(target, "a\n");
        Files.delete(file);
        Files.createDirectory(file);
        assertEquals(file + " is a directory", assertThrows(IOException.class, () -> write(target, "b\n")).getMessage());
        target.close();
    }
}
