package io.telemetrypoller.measurement;

import io.telemetrypoller.proc.FakeProc;

import io.telemetrypoller.proc.KeptFiles;

import static io.telemetrypoller.EventRecorder.name;

import io.telemetrypoller.EventRecorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.telemetrypoller.TestMaps.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunQueueMeasurementTest {
    private static final long T0 = 5_000_000_000L;

    @TempDir
    File dir;

    private EventRecorder recorder;
    private final AtomicLong clock = new AtomicLong(T0);

    @BeforeEach
    void attach() {
        recorder = EventRecorder.attach(name("vm", "total_run_queue_lengths"));
    }

    @AfterEach
    void detach() {
        recorder.detach();
    }

    private RunQueueMeasurement measurement(FakeProc proc, VirtualThreadScheduler virtual, Random random) {
        return new RunQueueMeasurement(proc.self, FakeBeans.of(OperatingSystemMXBean.class), virtual,
                clock::get, random);
    }

    private EventRecorder.Event poll(RunQueueMeasurement m) {
        recorder.clear();
        m.measure();
        return recorder.single();
    }

    @Test
    void platformIsTheWaitGrowthOverWallTimeSummedOverThreads() {
        FakeProc proc = new FakeProc(dir).task(101, "java", 'R', 5_000).task(102, "C2 CompilerThre", 'S', 7_000);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));

        EventRecorder.Event first = poll(m);
        assertEquals(Arrays.asList("total", "cpu", "io", "virtual", "platform"), first.keys());
        assertEquals(numbers("total", 0.0, "cpu", 0.0, "io", 0L, "virtual", 0L, "platform", 0.0),
                first.measurements, "a first sighting counts 0");
        assertEquals(Collections.emptyMap(), first.metadata);

        clock.addAndGet(4_000_000); // 4 ms later
        proc.task(101, "java", 'R', 5_000 + 1_234_567)      // 0.30864175 of the time waiting
            .task(102, "C2 CompilerThre", 'S', 7_000 + 3_000_000)  // 0.75
            .task(103, "new-thread", 'R', 99_000_000);       // first seen now: 0
        assertEquals(numbers("total", 1.059, "cpu", 1.059, "io", 0L, "virtual", 0L, "platform", 1.059),
                poll(m).measurements);

        clock.addAndGet(1_000_000);
        proc.task(103, "new-thread", 'R', 99_000_000 + 500_000);
        assertEquals(numbers("total", 0.5, "cpu", 0.5, "io", 0L, "virtual", 0L, "platform", 0.5),
                poll(m).measurements);
    }

    @Test
    void ioCountsUninterruptibleTasksFindingTheStateAfterTheLastParenthesis() {
        FakeProc proc = new FakeProc(dir)
                .task(1, "java", 'D', 0)
                .task(2, "my worker 2", 'D', 0)
                .task(3, "x) D (y", 'S', 0)   // a first-')' parser would read D here
                .task(4, "a)b) R", 'D', 0)
                .task(5, "(", 'R', 0);
        EventRecorder.Event e = poll(measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1)));
        assertEquals(numbers("total", 3.0, "cpu", 0.0, "io", 3L, "virtual", 0L, "platform", 0.0), e.measurements);
    }

    @Test
    void virtualThreadsAddToCpuAndTotal() throws Exception {
        FakeProc proc = new FakeProc(dir).task(1, "java", 'D', 0);
        VirtualThreadScheduler virtual = new VirtualThreadScheduler(new FakeScheduler(7),
                FakeScheduler.class.getMethod("getQueuedVirtualThreadCount"));
        EventRecorder.Event e = poll(measurement(proc, virtual, new Random(1)));
        assertEquals(numbers("total", 8.0, "cpu", 7.0, "io", 1L, "virtual", 7L, "platform", 0.0), e.measurements);
    }

    @Test
    void vanishedTasksAreForgotten() {
        FakeProc proc = new FakeProc(dir).task(10, "a", 'S', 1_000).task(11, "b", 'S', 1_000);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        assertEquals(2, m.trackedTasks());

        proc.remove(11);
        clock.addAndGet(1_000_000);
        poll(m);
        assertEquals(1, m.trackedTasks());

        // the tid comes back as a new thread: measured from this sighting, not from the old thread's wait
        proc.task(11, "b2", 'S', 900_000);
        clock.addAndGet(1_000_000);
        assertEquals(0.0, poll(m).measurements.get("platform"));
        assertEquals(2, m.trackedTasks());
    }

    @Test
    void aTidReusedWithASmallerWaitCountsAsANewThread() {
        FakeProc proc = new FakeProc(dir).task(10, "a", 'S', 5_000_000);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        proc.task(10, "other", 'S', 1_000);
        clock.addAndGet(1_000_000);
        assertEquals(0.0, poll(m).measurements.get("platform"));
    }

    @Test
    void aboveTheThresholdSamplesAndScales() {
        int tasks = RunQueueMeasurement.SAMPLE_THRESHOLD + 44; // 300
        FakeProc proc = new FakeProc(dir);
        for (int tid = 1000; tid < 1000 + tasks; tid++) {
            proc.task(tid, "t" + tid, tid < 1010 ? 'D' : 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, lowest());
        // 10 of the 256 sampled are in D: 10 * 300 / 256 = 11.72, rounded
        assertEquals(numbers("total", 12.0, "cpu", 0.0, "io", 12L, "virtual", 0L, "platform", 0.0),
                poll(m).measurements);
        assertEquals(RunQueueMeasurement.SAMPLE_THRESHOLD, m.trackedTasks(), "only the sampled tasks are read");

        clock.addAndGet(2_000_000);
        for (int tid = 1000; tid < 1000 + tasks; tid++) {
            proc.task(tid, "t" + tid, 'S', 1_000_000); // each waited half of the 2 ms
        }
        // the 10 tasks that were in D are now hot and all read: 10 * 0.5; the other 246 read stand for
        // the 290 cold ones: 246 * 0.5 * 290 / 246; in all 150
        assertEquals(numbers("total", 150.0, "cpu", 150.0, "io", 0L, "virtual", 0L, "platform", 150.0),
                poll(m).measurements);
    }

    @Test
    void busyAndBlockedTasksFoundOnceAreReadEveryPollSoTheEstimateIsExact() {
        int tasks = 400;
        FakeProc proc = new FakeProc(dir).threads(tasks);
        for (int tid = 1; tid <= tasks; tid++) {
            proc.task(tid, "t" + tid, tid == 300 ? 'D' : 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(7));
        // tasks 1, 2 and 3 are runnable and wait 25%, 50% and 75% of the time; the others sleep
        for (int poll = 0; poll < 25; poll++) {
            for (int tid = 1; tid <= 3; tid++) {
                proc.task(tid, "busy", 'R', (clock.get() - T0) * tid / 4);
            }
            EventRecorder.Event e = poll(m);
            clock.addAndGet(10_000_000);
            if (poll >= 20) { // by now random sampling has found all four (seeded: deterministic)
                assertEquals(numbers("total", 2.5, "cpu", 1.5, "io", 1L, "virtual", 0L, "platform", 1.5),
                        e.measurements, "poll " + poll);
            }
        }
    }

    @Test
    void aboveTheThresholdTheListIsRefreshedEverySixteenPollsOrWhenTheCountMoves() {
        FakeProc proc = new FakeProc(dir).threads(300);
        for (int tid = 1000; tid < 1300; tid++) {
            proc.task(tid, "t" + tid, 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, lowest());
        poll(m);
        assertEquals(256, m.trackedTasks()); // 1000..1255

        proc.task(1, "new", 'S', 0).task(2, "new", 'S', 0).threads(302); // within 1/16: not relisted yet
        for (int poll = 2; poll <= 16; poll++) {
            poll(m);
            assertEquals(256, m.trackedTasks(), "poll " + poll);
        }
        poll(m); // the 16th since the listing: relisted, the new tids sort first
        assertEquals(258, m.trackedTasks());

        proc.remove(1);
        poll(m); // between listings a vanished task fails to read and is forgotten
        assertEquals(257, m.trackedTasks());

        for (int tid = 100; tid < 200; tid++) {
            proc.task(tid, "burst", 'S', 0);
        }
        proc.threads(401); // moved by more than 1/16: relisted at once
        poll(m);
        assertEquals(357, m.trackedTasks());
    }

    @Test
    void belowTheThresholdTheTasksAreListedAgainOnlyWhenTheCountChangesOrATaskVanishes() {
        FakeProc proc = new FakeProc(dir).threads(2).task(10, "a", 'S', 1_000).task(11, "b", 'S', 1_000);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        assertEquals(2, m.trackedTasks());

        proc.task(12, "unlisted", 'D', 0); // Threads: still 2, no task failed: the list is not read again
        assertEquals(0L, poll(m).measurements.get("io"));
        assertEquals(2, m.trackedTasks());

        proc.threads(3);
        assertEquals(1L, poll(m).measurements.get("io"));
        assertEquals(3, m.trackedTasks());

        // one thread exits and another starts between two polls: the count stays 3, the exited one fails
        // to read (and is forgotten), and the next poll lists again
        proc.remove(11).task(13, "newcomer", 'D', 0);
        assertEquals(1L, poll(m).measurements.get("io"));
        assertEquals(2, m.trackedTasks());
        assertEquals(2L, poll(m).measurements.get("io"));
        assertEquals(3, m.trackedTasks());
    }

    @Test
    void theIoCountStaysExactWhenStatIsReadOnlyForThreadsThatMayHaveChangedState() {
        FakeProc proc = new FakeProc(dir).threads(5)
                .task(1, "idle", 'S', 1_000, 50, 10)
                .task(2, "will block", 'S', 1_000, 50, 10)
                .task(3, "blocked", 'D', 1_000, 50, 10)
                .task(4, "queued", 'R', 1_000, 50, 10)
                .task(5, "no schedstats", 'S', 0, 0, 0); // a kernel without scheduler statistics
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        assertEquals(1L, poll(m).measurements.get("io"));

        // task 1 has not run since: its stat is not read (were it, the read would fail and the task be
        // forgotten); task 2 ran and blocked; 3 is still blocked and 4 still queued (neither ran); 5 blocked
        // with nothing in schedstat to show it
        new File(proc.self, "task/1/stat").delete();
        proc.task(2, "will block", 'D', 1_400, 50, 11).task(5, "no schedstats", 'D', 0, 0, 0);
        clock.addAndGet(1_000_000);
        assertEquals(3L, poll(m).measurements.get("io"));
        assertEquals(5, m.trackedTasks());

        proc.task(3, "blocked", 'S', 1_200, 50, 11); // woke up, ran, sleeps
        clock.addAndGet(1_000_000);
        assertEquals(2L, poll(m).measurements.get("io"));
        assertEquals(5, m.trackedTasks());
    }

    @Test
    void descriptorsAreKeptForFilesReadTwiceInARowCappedAndClosedWithTheMeasurement() {
        int tasks = 100;
        FakeProc proc = new FakeProc(dir).threads(tasks).fdLimit(1024).openFds(40);
        for (int tid = 1; tid <= tasks; tid++) {
            proc.task(tid, "t" + tid, 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        assertEquals(0, m.keptDescriptors(), "a first read keeps nothing");
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());

        for (int poll = 2; poll <= 4; poll++) {
            poll(m);
            // status, then the schedstat of the first 63 tasks; stat is not read for idle tasks
            assertEquals(KeptFiles.MAX, m.keptDescriptors(), "poll " + poll);
            List<String> open = proc.descriptorsOpenHere();
            assertEquals(KeptFiles.MAX, open.size());
            assertTrue(open.contains("status"), open.toString());
            assertEquals(KeptFiles.MAX - 1, open.stream().filter(f -> f.endsWith("/schedstat")).count());
        }

        m.close();
        assertEquals(0, m.keptDescriptors());
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());
        m.close(); // idempotent
        poll(m);   // a poll after close still answers, opening each file for its read
        assertEquals(0, m.keptDescriptors());
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());
    }

    @Test
    void aVanishedTasksDescriptorsAreClosed() {
        FakeProc proc = new FakeProc(dir).threads(3).fdLimit(1024).openFds(40)
                .task(10, "a", 'R', 0).task(11, "b", 'R', 0).task(12, "c", 'R', 0);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        poll(m);
        // status, each task's schedstat, and the stat of these runnable tasks, read in both polls
        assertEquals(Arrays.asList("status", "task/10/schedstat", "task/10/stat", "task/11/schedstat",
                "task/11/stat", "task/12/schedstat", "task/12/stat"), sorted(proc.descriptorsOpenHere()));

        proc.remove(11).threads(2);
        poll(m);
        assertEquals(Arrays.asList("status", "task/10/schedstat", "task/10/stat", "task/12/schedstat",
                "task/12/stat"), sorted(proc.descriptorsOpenHere()));
        assertEquals(2, m.trackedTasks());
        assertEquals(5, m.keptDescriptors());
    }

    @Test
    void anInterruptFlagLeftSetOnThePollerThreadNeitherBreaksTheReadsNorIsLost() {
        FakeProc proc = new FakeProc(dir).threads(2).fdLimit(1024).openFds(40)
                .task(10, "a", 'D', 1_000).task(11, "b", 'S', 1_000);
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(m);
        poll(m); // the descriptors are kept from here: status, both schedstats, the D task's stat
        assertEquals(4, m.keptDescriptors());
        Thread.currentThread().interrupt(); // as a handler on the poller thread might leave it
        try {
            clock.addAndGet(1_000_000);
            proc.task(11, "b", 'S', 31_228_207 + 100, 1_000 + 250_000, 81);
            assertEquals(numbers("total", 1.25, "cpu", 0.25, "io", 1L, "virtual", 0L, "platform", 0.25),
                    poll(m).measurements);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is the caller's");
        } finally {
            Thread.interrupted();
        }
        assertEquals(4, m.keptDescriptors()); // b ran, so its stat was read: in this poll only, so not kept
        assertEquals(2, m.trackedTasks());
    }

    @Test
    void descriptorsAreKeptOnlyWhileTheProcessUsesUnderHalfItsLimitWithTheWholeCap() {
        FakeProc proc = new FakeProc(dir).threads(20).fdLimit(1024).openFds(500); // 500 + 64 > 512
        for (int tid = 1; tid <= 20; tid++) {
            proc.task(tid, "t" + tid, 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(1));
        for (int poll = 1; poll <= KeptFiles.CHECK_POLLS; poll++) {
            poll(m);
            assertEquals(0, m.keptDescriptors(), "poll " + poll);
        }
        proc.openFds(448); // 448 + 64 = 512: allowed from the next check, the 17th poll
        poll(m);
        poll(m);
        assertEquals(21, m.keptDescriptors()); // status and 20 schedstat
        assertEquals(21, proc.descriptorsOpenHere().size());

        proc.openFds(470); // ours among them: the others + 64 > 512
        for (int poll = 19; poll < 2 * KeptFiles.CHECK_POLLS + 1; poll++) {
            poll(m);
            assertEquals(21, m.keptDescriptors(), "poll " + poll);
        }
        poll(m); // the 33rd: checked again, all closed
        assertEquals(0, m.keptDescriptors());
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());

        FakeProc noLimits = new FakeProc(new File(dir, "other")).threads(1).task(1, "t", 'S', 0);
        RunQueueMeasurement unknown = measurement(noLimits, VirtualThreadScheduler.ABSENT, new Random(1));
        poll(unknown);
        poll(unknown);
        assertEquals(0, unknown.keptDescriptors(), "no limits file: no headroom known, none kept");
    }

    @Test
    void aboveTheThresholdTheListingIsASliceAPollAndConvergesToTheFullSet() {
        FakeProc proc = new FakeProc(dir).threads(600).fdLimit(1024).openFds(40);
        for (int tid = 1000; tid < 1600; tid++) {
            proc.task(tid, "t" + tid, 'S', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, lowest());
        poll(m); // the first listing is whole
        assertEquals(256, m.trackedTasks());

        // 30 threads start (within a sixteenth of 600) and 10 exit; the new tids are the lowest, so the
        // sample (lowest tids first) reads them as soon as they are listed
        for (int tid = 1; tid <= 30; tid++) {
            proc.task(tid, "new", 'S', 0);
        }
        for (int tid = 1000; tid < 1010; tid++) {
            proc.remove(tid);
        }
        proc.threads(620);
        // 38 entries a poll (600 / 16): the listing of 620 takes 17 polls, from the 2nd to the 18th
        for (int poll = 2; poll <= 17; poll++) {
            poll(m);
            // the vanished ones failed to read and were forgotten; the new ones are not listed yet
            assertEquals(256 - 10, m.trackedTasks(), "poll " + poll);
            assertTrue(m.keptDescriptors() <= KeptFiles.MAX + 1, "poll " + poll);
            assertTrue(proc.descriptorsOpenHere().contains("task"), "the directory is open while listing");
        }
        poll(m);
        assertEquals(256 - 10 + 30, m.trackedTasks(), "listed, the 30 new tasks are the lowest and read");
        assertFalse(proc.descriptorsOpenHere().contains("task"), "the listing is complete");
        poll(m);
        assertTrue(proc.descriptorsOpenHere().contains("task"), "the next listing has started");

        m.close();
        assertEquals(Collections.emptyList(), proc.descriptorsOpenHere());
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** A random source whose nextInt is always 0: the sample is the lowest tids, in order. */
    private static Random lowest() {
        return new Random() {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
    }

    @Test
    void randomSamplesScaleToTheWholeProcessAndEventuallyTrackEveryTask() {
        int tasks = 600;
        FakeProc proc = new FakeProc(dir);
        for (int tid = 1; tid <= tasks; tid++) {
            proc.task(tid, "blocked " + tid, 'D', 0);
        }
        RunQueueMeasurement m = measurement(proc, VirtualThreadScheduler.ABSENT, new Random(42));
        assertEquals(600L, poll(m).measurements.get("io"));
        assertEquals(RunQueueMeasurement.SAMPLE_THRESHOLD, m.trackedTasks());
        for (int i = 0; i < 20; i++) {
            m.measure();
        }
        assertEquals(tasks, m.trackedTasks());
    }

    @Test
    void withoutProcTheFallbackIsTheSystemLoadAboveTheCores() {
        File noProc = new File(dir, "not-linux");
        RunQueueMeasurement loaded = new RunQueueMeasurement(noProc, FakeBeans.of(OperatingSystemMXBean.class,
                "getSystemLoadAverage", 3.5, "getAvailableProcessors", 2), VirtualThreadScheduler.ABSENT,
                clock::get, new Random(1));
        assertEquals(numbers("total", 1.5, "cpu", 1.5, "io", 0L, "virtual", 0L, "platform", 1.5),
                poll(loaded).measurements);

        RunQueueMeasurement windows = new RunQueueMeasurement(noProc, FakeBeans.of(OperatingSystemMXBean.class,
                "getSystemLoadAverage", -1.0, "getAvailableProcessors", 8), VirtualThreadScheduler.ABSENT,
                clock::get, new Random(1));
        assertEquals(numbers("total", 0.0, "cpu", 0.0, "io", 0L, "virtual", 0L, "platform", 0.0),
                poll(windows).measurements);
    }

    @Test
    void onRealProcBusyThreadsBeyondTheCoresShowAsPlatformWaiting() throws Exception {
        File proc = new File("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(proc.isDirectory(), "Linux only");
        int spinners = Runtime.getRuntime().availableProcessors() + 4; // 6 on the 2-core build machine
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "spinner-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            RunQueueMeasurement m = new RunQueueMeasurement();
            double platform = 0;
            for (int poll = 0; poll < 50 && platform <= 0.5; poll++) {
                Thread.sleep(200);
                platform = poll(m).measurements.get("platform").doubleValue();
            }
            assertTrue(platform > 0.5, "platform " + platform);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void realSchedulerIsPresentFromJdk24() {
        String spec = System.getProperty("java.specification.version");
        boolean jdk24 = !spec.startsWith("1.") && Integer.parseInt(spec) >= 24;
        VirtualThreadScheduler scheduler = VirtualThreadScheduler.platform();
        assertEquals(jdk24, scheduler.present());
        assertTrue(scheduler.queued() >= 0);
    }

    @Test
    void aSchedulerThatFailsAnswersZeroFromThenOn() throws Exception {
        VirtualThreadScheduler failing = new VirtualThreadScheduler(new FakeScheduler(-99),
                FakeScheduler.class.getMethod("getQueuedVirtualThreadCount"));
        assertEquals(0, failing.queued());
        assertFalse(failing.present());
        assertEquals(0, failing.queued());
    }

    /** Stands for jdk.management.VirtualThreadSchedulerMXBean; a negative count makes it throw. */
    public static final class FakeScheduler {
        private final int queued;

        FakeScheduler(int queued) {
            this.queued = queued;
        }

        public int getQueuedVirtualThreadCount() {
            if (queued < 0) {
                throw new IllegalStateException("scheduler gone");
            }
            return queued;
        }
    }
}
