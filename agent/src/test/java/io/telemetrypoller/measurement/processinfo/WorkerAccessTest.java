package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.config.WorkerSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A named queue field that is neither a Collection nor a Map (issue 15, item 3). */
class WorkerAccessTest {
    /** Like Tomcat's SynchronizedQueue: no Collection, a public synchronized int size(). */
    public static final class SizedQueue {
        int n;
        public synchronized int size() {
            return n;
        }
    }

    /** A queue whose size() is long, in a class that is not public. */
    static final class LongQueue {
        public long size() {
            return 5_000_000_000L;
        }
    }

    static final class NoSize {
        public String size() {
            return "many";
        }
    }

    static final class Poller {
        final SizedQueue events = new SizedQueue();
        final LongQueue big = new LongQueue();
        final NoSize odd = new NoSize();
        final Object untyped = new SizedQueue();
    }

    private static WorkerAccess access(String field) {
        return WorkerAccess.of(Poller.class, new WorkerSpec(Poller.class.getName(), field, null));
    }

    @Test
    void aNamedFieldWithAPublicIntSizeGivesItsLength() {
        Poller p = new Poller();
        p.events.n = 3;
        WorkerAccess a = access("events");
        assertNull(a.problem());
        assertEquals(3, a.length(a.queue(p)).intValue());
    }

    @Test
    void aLongSizeOfAClassThatIsNotPublicIsRead() {
        WorkerAccess a = access("big");
        assertNull(a.problem());
        assertEquals(5_000_000_000L, a.length(a.queue(new Poller())).longValue());
    }

    @Test
    void aFieldWithoutANumericSizeIsReportedWithWhy() {
        WorkerAccess a = access("odd");
        assertEquals("field 'odd' is a " + NoSize.class.getName()
                + ": neither a Collection nor a Map, and no public size() returning int or long", a.problem());
        assertNull(a.queue(new Poller()));
    }

    @Test
    void theDeclaredTypeDecidesNotTheValue() {
        WorkerAccess a = access("untyped");
        assertEquals("field 'untyped' is a java.lang.Object: neither a Collection nor a Map, and no public size()"
                + " returning int or long", a.problem());
    }
}
