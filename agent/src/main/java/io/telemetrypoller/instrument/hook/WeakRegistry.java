package io.telemetrypoller.instrument.hook;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * A set of objects held by weak references only, so tracking an instance never keeps it alive. Keyed by
 * identity ({@link System#identityHashCode}); each entry carries the kind it was registered under (a
 * worker class index, or 0 for executors), a per-kind index (1, 2, ...) and two slots the hooks fill:
 * the id of the thread running the instance's {@code run()} and a label (an executor's first worker
 * thread name).
 *
 * <p>An entry whose object was collected is queued by the GC ({@link ReferenceQueue}) and unlinked by the
 * next call, so the table holds about as many entries as there are live objects.
 *
 * <p>Costs: {@link #register} allocates one {@link Entry} and nothing else (the table is resized now and
 * then: amortised); it and {@link #find} are O(1), under this object's monitor; {@link #snapshot}, which
 * the pollers call, is O(entries).
 *
 * <p>Thread-safe.
 */
public final class WeakRegistry {
    private static final int MIN_TABLE = 64;

    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private Entry[] table = new Entry[MIN_TABLE];
    private int size;
    private long[] counters = new long[8];

    /** One tracked object. Only the registry links entries; readers use the accessors. */
    public static final class Entry extends WeakReference<Object> {
        final int hash;
        final int kind;
        final long index;
        volatile long threadId;
        volatile String label;
        Entry next;

        Entry(Object referent, ReferenceQueue<Object> queue, int hash, int kind, long index) {
            super(referent, queue);
            this.hash = hash;
            this.kind = kind;
            this.index = index;
        }

        /** The kind given at registration. */
        public int kind() {
            return kind;
        }

        /** 1 for the first object registered under this kind, then 2, 3, ... */
        public long index() {
            return index;
        }

        /** Id of the thread inside the object's {@code run()}, or 0. */
        public long threadId() {
            return threadId;
        }

        /** A name the hooks recorded (an executor's first worker thread name), or null. */
        public String label() {
            return label;
        }

        void bindThread(long id) {
            threadId = id;
        }

        void unbindThread(long id) {
            if (threadId == id) {
                threadId = 0;
            }
        }

        void labelIfAbsent(String name) {
            if (label == null) {
                label = name;
            }
        }
    }

    /** Tracks {@code o} under {@code kind} (0 or more). */
    public synchronized void register(Object o, int kind) {
        expunge();
        add(o, System.identityHashCode(o), kind);
    }

    /** Tracks {@code o} unless it is already tracked under {@code kind}; true if it was added. */
    public synchronized boolean registerIfAbsent(Object o, int kind) {
        expunge();
        int h = System.identityHashCode(o);
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.get() == o && e.kind == kind) {
                return false;
            }
        }
        add(o, h, kind);
        return true;
    }

    /** The entry of {@code o} (the first, if it was registered under several kinds), or null. */
    public synchronized Entry find(Object o) {
        int h = System.identityHashCode(o);
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.get() == o) {
                return e;
            }
        }
        return null;
    }

    /**
     * Adds the live entries of {@code kind} (every kind if negative) to {@code out}, in no particular
     * order. Returns how many were added.
     */
    public synchronized int snapshot(int kind, List<Entry> out) {
        expunge();
        int added = 0;
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                if ((kind < 0 || e.kind == kind) && e.get() != null) {
                    out.add(e);
                    added++;
                }
            }
        }
        return added;
    }

    /** Entries held: the live objects, and collected ones the GC has not queued yet. */
    public synchronized int size() {
        expunge();
        return size;
    }

    private void add(Object o, int h, int kind) {
        if (size >= table.length) {
            resize(table.length * 2);
        }
        if (kind >= counters.length) {
            long[] grown = new long[Math.max(kind + 1, counters.length * 2)];
            System.arraycopy(counters, 0, grown, 0, counters.length);
            counters = grown;
        }
        int slot = h & (table.length - 1);
        Entry e = new Entry(o, collected, h, kind, ++counters[kind]);
        e.next = table[slot];
        table[slot] = e;
        size++;
    }

    /** Unlinks the entries whose objects were collected; a cheap check when there are none. */
    private void expunge() {
        boolean removed = false;
        for (Reference<?> r; (r = collected.poll()) != null; ) {
            Entry gone = (Entry) r;
            int slot = gone.hash & (table.length - 1);
            Entry prev = null;
            for (Entry e = table[slot]; e != null; prev = e, e = e.next) {
                if (e == gone) {
                    if (prev == null) {
                        table[slot] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    size--;
                    removed = true;
                    break;
                }
            }
        }
        if (removed && size * 8 < table.length && table.length > MIN_TABLE) {
            resize(Math.max(MIN_TABLE, Integer.highestOneBit(Math.max(1, size)) * 4)); // shrink after a spike
        }
    }

    private void resize(int length) {
        Entry[] old = table;
        Entry[] resized = new Entry[length];
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int slot = e.hash & (length - 1);
                e.next = resized[slot];
                resized[slot] = e;
                e = next;
            }
        }
        table = resized;
    }
}
