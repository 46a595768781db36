package io.telemetrypoller.sink;

import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.sink.json.JsonLinesSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineOutputTest {
    /** Generous: only a broken writer takes this long; a passing test never waits for it. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @AfterEach
    void restoreLog() {
        AgentLog.redirect(System.err);
    }

    private static long deadline() {
        return System.nanoTime() + WAIT_NANOS;
    }

    private ByteArrayOutputStream captureLog() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentLog.redirect(new PrintStream(err, true));
        return err;
    }

    @Test
    void fileSinkAppendsWholeLines() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, "existing\n".getBytes(StandardCharsets.UTF_8));
        JsonLinesSink sink = new JsonLinesSink("file:" + file, LineOutput.forFile(file.toString()));
        sink.accept(Arrays.asList("vm", "memory"), Collections.singletonMap("total", 1), Collections.emptyMap());
        sink.accept(Arrays.asList("vm", "cpu"), Collections.singletonMap("load", 2), Collections.emptyMap());
        sink.flush();
        sink.close();
        assertTrue(sink.awaitIdle(deadline()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("existing", lines.get(0));
        assertTrue(lines.get(1).matches("\\{\"time\":\"[0-9T:.\\-]+Z\",\"event\":\\[\"vm\",\"memory\"],"
                + "\"measurements\":\\{\"total\":1},\"metadata\":\\{}}"), lines.get(1));
    }

    @Test
    void theWriterIsANamedDaemonThreadThatEndsAfterClose() throws Exception {
        LineOutput out = new LineOutput("file:/x", new StreamTarget(ByteArrayOutputStream::new));
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("telemetry-poller-writer-file:/x")).findFirst().get();
        assertTrue(writer.isDaemon());
        out.close();
        assertTrue(out.awaitIdle(deadline()));
        writer.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
        assertFalse(writer.isAlive());
    }

    @Test
    void aMissingDirectoryFailsEachBatchUntilItAppears() throws Exception {
        Path file = dir.resolve("later/events.jsonl");
        LineOutput out = LineOutput.forFile(file.toString());
        assertNull(out.awaitRefusal(30_000), "a missing directory is not refused: it may appear");
        assertEquals("cannot open it (No such file or directory)", out.openFailure(), "but said at the start");
        out.add("lost\n");
        IOException failure = failureOfThisFlushOrTheNext(out);
        assertTrue(failure.getMessage().contains("No such file or directory"), failure.getMessage());
        assertEquals(1, out.dropped());
        Files.createDirectories(file.getParent());
        out.add("kept\n");
        out.flush();
        out.close();
        assertTrue(out.awaitIdle(deadline()));
        out.flush(); // no failure left to report
        assertEquals(Collections.singletonList("kept"), Files.readAllLines(file));
    }

    @Test
    void aFailedWriteDropsOnlyThatBatchCountingItsLinesAndTheNextOneGoesThrough() throws Exception {
        FlakyStream stream = new FlakyStream();
        LineOutput out = new LineOutput("test", new StreamTarget(() -> stream));
        stream.fail = true;
        out.add("a\n");
        out.add("b\n");
        IOException failure = failureOfThisFlushOrTheNext(out);
        assertEquals("java.io.IOException: No space left on device", failure.toString());
        stream.fail = false;
        out.add("c\n");
        out.flush();
        assertTrue(out.awaitIdle(deadline()));
        out.flush();
        assertEquals("c\n", stream.text());
        assertEquals(2, out.dropped());
        assertEquals(3, out.written());
    }

    @Test
    void aStuckWriterNeverHoldsUpAppendsFlushesOrClose() throws Exception {
        BlockingStream stream = new BlockingStream();
        LineOutput out = new LineOutput("stuck", new StreamTarget(() -> stream));
        ByteArrayOutputStream err = captureLog();
        out.add("first\n");
        out.flush();
        assertTrue(stream.entered.await(30, TimeUnit.SECONDS));
        byte[] line = new byte[1024];
        line[1023] = '\n';
        int refusedAfter = -1;
        for (int i = 0; i < 5000 && refusedAfter < 0; i++) {
            long droppedBefore = out.dropped();
            out.add(line, line.length);
            out.flush();
            if (out.dropped() > droppedBefore) {
                refusedAfter = i;
            }
        }
        assertEquals(LineOutput.MAX_PENDING_BYTES / 1024, refusedAfter, "4 MiB of 1 KiB lines fit, the next is dropped");
        out.add(line, line.length);
        assertEquals(2, out.dropped());
        out.close();
        assertFalse(out.awaitIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)), "still stuck");
        assertEquals("telemetry-poller: sink stuck dropped events: 4 MiB are waiting to be written (is its "
                + "destination stuck?) (reported once; every line dropped is counted)\n", text(err));
        stream.release.countDown();
        assertTrue(out.awaitIdle(deadline()));
        assertEquals(6 + 4096 * 1024, stream.written.size(), "what was queued is written once the writer is free");
    }

    @Test
    void aLineLargerThanTheBufferIsDroppedAndReportedOnce() throws Exception {
        ByteArrayOutputStream err = captureLog();
        FlakyStream stream = new FlakyStream();
        LineOutput out = new LineOutput("file:/big", new StreamTarget(() -> stream));
        byte[] huge = new byte[LineOutput.MAX_PENDING_BYTES + 1];
        out.add(huge, huge.length);
        out.add(huge, huge.length);
        out.add("small\n");
        out.flush();
        out.close();
        assertTrue(out.awaitIdle(deadline()));
        assertEquals(2, out.dropped());
        assertEquals("small\n", stream.text());
        assertEquals("telemetry-poller: sink file:/big dropped an event of 4194305 bytes, larger than its whole "
                + "buffer (4 MiB) (reported once; every line dropped is counted)\n", text(err));
    }

    @Test
    void linesAfterCloseAreDroppedAndCounted() throws Exception {
        FlakyStream stream = new FlakyStream();
        LineOutput out = new LineOutput("test", new StreamTarget(() -> stream));
        out.close();
        out.add("after close\n");
        out.flush();
        assertTrue(out.awaitIdle(deadline()));
        assertEquals(1, out.dropped());
        assertEquals(0, stream.written.size());
    }

    /** The failed batch's failure: the writer may fail it before this flush looks, else the next flush has it. */
    private static IOException failureOfThisFlushOrTheNext(LineOutput out) {
        IOException first = null;
        try {
            out.flush();
        } catch (IOException e) {
            first = e;
        }
        assertTrue(out.awaitIdle(deadline()));
        return first != null ? first : assertThrows(IOException.class, out::flush, "the next flush reports it");
    }

    private static String text(ByteArrayOutputStream err) {
        return new String(err.toByteArray(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static final class FlakyStream extends OutputStream {
        volatile boolean fail;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (fail) {
                throw new IOException("No space left on device");
            }
            written.write(b, off, len);
        }

        synchronized String text() {
            return new String(written.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** A destination whose first write blocks until released, as a hung mount's does. */
    private static final class BlockingStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            written.write(b, off, len);
        }
    }
}
