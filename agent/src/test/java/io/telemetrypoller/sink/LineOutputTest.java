package io.telemetrypoller.sink;

import io.telemetrypoller.sink.json.JsonLinesSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineOutputTest {
    @TempDir
    Path dir;

    @Test
    void fileSinkAppendsWholeLines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, "existing\n".getBytes(StandardCharsets.UTF_8));
        JsonLinesSink sink = new JsonLinesSink("file:" + file, new LineOutput(LineOutput.file(file.toString())));
        sink.accept(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 1), Collections.emptyMap());
        sink.accept(Arrays.asList("vm", "cpu"), Collections.singletonMap("load", 2), Collections.emptyMap());
        sink.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("existing", lines.get(0));
        assertTrue(lines.get(1).matches("\\{\"time\":\"[0-9T:.\\-]+Z\",\"event\":\\[\"vm\",\"memory\"],"
                + "\"measurements\":\\{\"total\":1},\"metadata\":\\{}}"), lines.get(1));
    }

    @Test
    void aMissingDirectoryFailsEachFlushUntilItAppears() throws Exception {
        Path file = dir.resolve("later/events.jsonl");
        LineOutput out = new LineOutput(LineOutput.file(file.toString()));
        out.add("lost\n");
        assertThrows(IOException.class, out::flush);
        assertEquals(1, out.dropped());
        Files.createDirectories(file.getParent());
        out.add("kept\n");
        out.close();
        assertEquals(Collections.singletonList("kept"), Files.readAllLines(file));
    }

    @Test
    void aFailedWriteDropsOnlyThatBatchAndTheNextOneGoesThrough() throws Exception {
        FlakyStream stream = new FlakyStream();
        LineOutput out = new LineOutput(() -> stream);
        stream.fail = true;
        out.add("a\n");
        assertThrows(IOException.class, out::flush);
        stream.fail = false;
        out.add("b\n");
        out.flush();
        assertEquals("b\n", new String(stream.written.toByteArray(), StandardCharsets.UTF_8));
        assertEquals(1, out.dropped());
        assertEquals(2, out.written());
    }

    @Test
    void linesPastTheCapAreDroppedAndCounted() throws Exception {
        FlakyStream stream = new FlakyStream();
        LineOutput out = new LineOutput(() -> stream);
        out.close();
        out.add("after close\n");
        assertEquals(1, out.dropped());
        assertEquals(0, stream.written.size());
    }

    private static final class FlakyStream extends OutputStream {
        volatile boolean fail;
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fail) {
                throw new IOException("No space left on device");
            }
            written.write(b, off, len);
        }
    }
}
