package io.telemetrypoller.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskListTest {
    @TempDir
    File dir;

    private void tasks(int from, int to) {
        for (int tid = from; tid < to; tid++) {
            assertTrue(new File(dir, Integer.toString(tid)).mkdir());
        }
    }

    @Test
    void aListingInSlicesConvergesToTheWholeDirectory() throws IOException {
        tasks(1, 2501);
        assertTrue(new File(dir, "not-a-tid").mkdir());
        TaskList list = new TaskList(dir.toPath());
        assertEquals(-1, list.size());

        assertFalse(list.step(1000));
        assertTrue(list.listing());
        assertEquals(-1, list.size(), "the list changes only when a listing completes");
        assertFalse(list.step(1000));
        assertTrue(list.step(1000)); // 2,501 entries: the third slice reaches the end
        assertFalse(list.listing(), "the directory is closed once listed");
        assertEquals(2500, list.size());
        for (int i = 0; i < 2500; i++) {
            assertEquals(i + 1, list.tid(i), "sorted");
        }

        // threads come and go: the next listing holds exactly the tasks there now
        for (int tid = 1; tid <= 100; tid++) {
            assertTrue(new File(dir, Integer.toString(tid)).delete());
        }
        tasks(5000, 5050);
        int slices = 1;
        while (!list.step(600)) {
            slices++;
            assertEquals(2500, list.size());
        }
        assertEquals(5, slices);
        assertEquals(2450, list.size());
        assertFalse(list.contains(100));
        assertTrue(list.contains(101));
        assertTrue(list.contains(5049));
        assertFalse(list.contains(5050));
    }

    @Test
    void listAllDropsAListingInProgressAndListsAgain() throws IOException {
        tasks(1, 11);
        TaskList list = new TaskList(dir.toPath());
        assertFalse(list.step(3));
        tasks(11, 13);
        list.listAll();
        assertFalse(list.listing());
        assertEquals(12, list.size());
    }

    @Test
    void picksAreDistinctAndShuffleTheOrder() throws IOException {
        tasks(1, 51);
        TaskList list = new TaskList(dir.toPath());
        list.listAll();
        Random random = new Random(3);
        boolean[] drawn = new boolean[51];
        for (int i = 0; i < 50; i++) {
            int tid = list.pick(i, random);
            assertFalse(drawn[tid], "drawn twice: " + tid);
            drawn[tid] = true;
        }
        assertThrows(IllegalStateException.class, () -> list.contains(1), "no binary search once shuffled");
    }

    @Test
    void closeDropsTheListingAndOpensNoOther() throws IOException {
        tasks(1, 11);
        TaskList list = new TaskList(dir.toPath());
        list.step(3);
        list.close();
        assertFalse(list.listing());
        assertThrows(IOException.class, () -> list.step(3));
        assertEquals(-1, list.size());
        list.close();
    }

    @Test
    void aMissingDirectoryIsAnError() {
        TaskList list = new TaskList(new File(dir, "absent").toPath());
        assertThrows(IOException.class, list::listAll);
        assertEquals(-1, list.size());
    }

    @Test
    void tidsAreTheNumericLastNames() {
        assertEquals(1234, TaskList.parseTid("/proc/self/task/1234"));
        assertEquals(7, TaskList.parseTid("7"));
        assertEquals(-1, TaskList.parseTid("/proc/self/task/"));
        assertEquals(-1, TaskList.parseTid("/proc/self/task/12a"));
        assertEquals(-1, TaskList.parseTid("/proc/self/task/1234567890"));
    }
}
