package io.telemetrypoller.sink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineBufferTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LineBuffer.Added add(LineBuffer buffer, String line) {
        byte[] b = bytes(line);
        return buffer.add(b, b.length);
    }

    private static String taken(LineBuffer.Batch batch) {
        return new String(batch.array, 0, batch.length, StandardCharsets.UTF_8);
    }

    @Test
    void theWriterTakesOnlyWhatWasCommittedAndTheTailWaitsForTheNextCommit() {
        LineBuffer buffer = new LineBuffer(100);
        LineBuffer.Batch batch = new LineBuffer.Batch();
        assertEquals(LineBuffer.Added.ADDED, add(buffer, "a\n"));
        assertFalse(buffer.take(batch), "nothing committed yet");
        buffer.commit();
        assertEquals(LineBuffer.Added.ADDED, add(buffer, "b\n"));
        assertTrue(buffer.take(batch));
        assertEquals("a\n", taken(batch));
        assertEquals(2, buffer.pending());
        buffer.written();
        assertFalse(buffer.take(batch));
        buffer.commit();
        assertTrue(buffer.take(batch));
        assertEquals("b\n", taken(batch));
        assertEquals(0, buffer.pending());
    }

    @Test
    void linesPastTheCapacityAreRefusedUntilTheWriterTakesThem() {
        LineBuffer buffer = new LineBuffer(10);
        assertEquals(LineBuffer.Added.ADDED, add(buffer, "12345678\n"));
        assertEquals(LineBuffer.Added.FULL, add(buffer, "ab\n"), "9 + 3 > 10");
        assertEquals(LineBuffer.Added.ADDED, add(buffer, "c"), "9 + 1 = 10 fits");
        buffer.commit();
        LineBuffer.Batch batch = new LineBuffer.Batch();
        assertTrue(buffer.take(batch));
        assertEquals("12345678\nc", taken(batch));
        assertEquals(LineBuffer.Added.ADDED, add(buffer, "ab\n"), "room again once taken");
    }

    @Test
    void aLineLargerThanTheWholeBufferIsOversizedEvenWhenEmpty() {
        LineBuffer buffer = new LineBuffer(10);
        assertEquals(LineBuffer.Added.OVERSIZED, add(buffer, "0123456789\n"));
        assertEquals(0, buffer.pending());
    }

    @Test
    void closeCommitsTheRestRefusesNewLinesAndTheWriterStopsWhenEmpty() throws Exception {
        LineBuffer buffer = new LineBuffer(100);
        add(buffer, "last\n");
        buffer.close();
        assertEquals(LineBuffer.Added.CLOSED, add(buffer, "late\n"));
        LineBuffer.Batch batch = new LineBuffer.Batch();
        assertTrue(buffer.awaitAndTake(batch));
        assertEquals("last\n", taken(batch));
        buffer.written();
        assertFalse(buffer.awaitAndTake(batch), "closed and empty: the writer stops");
        assertFalse(buffer.awaitIdle(System.nanoTime()), "the writer has not said it ended");
        buffer.ended();
        assertTrue(buffer.awaitIdle(System.nanoTime()));
    }

    @Test
    void idleOnlyWhenNothingCommittedIsLeftAndNoBatchIsBeingWritten() throws Exception {
        LineBuffer buffer = new LineBuffer(100);
        add(buffer, "not committed\n");
        assertTrue(buffer.awaitIdle(System.nanoTime()), "uncommitted lines are not waited for");
        buffer.commit();
        assertFalse(buffer.awaitIdle(System.nanoTime()));
        LineBuffer.Batch batch = new LineBuffer.Batch();
        buffer.take(batch);
        assertFalse(buffer.awaitIdle(System.nanoTime()), "the writer holds the batch");
        buffer.written();
        assertTrue(buffer.awaitIdle(System.nanoTime()));
    }

    @Test
    void theWritersEmptiedArrayIsReusedAndBigOnesAreLetGo() {
        LineBuffer buffer = new LineBuffer(1 << 20);
        LineBuffer.Batch batch = new LineBuffer.Batch();
        add(buffer, "x\n");
        buffer.commit();
        buffer.take(batch);
        byte[] first = batch.array;
        buffer.written();
        add(buffer, "y\n");
        buffer.commit();
        buffer.take(batch);
        buffer.written();
        add(buffer, "z\n");
        buffer.commit();
        buffer.take(batch);
        assertTrue(batch.array == first, "two arrays take turns");
        byte[] big = new byte[300 << 10];
        buffer.add(big, big.length);
        buffer.commit();
        buffer.take(batch); // the buffer now holds the small array given back, the batch the big one
        buffer.written();
        add(buffer, "after\n");
        buffer.commit();
        buffer.take(batch); // the big array given back is not kept
        assertEquals("after\n", taken(batch));
        add(buffer, "w\n");
        buffer.commit();
        buffer.take(batch);
        assertTrue(batch.array.length < (256 << 10), "the 300 KiB array was let go: " + batch.array.length);
    }
}
