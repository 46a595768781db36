package io.telemetrypoller.proc;

import io.telemetrypoller.internal.ProcessId;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * HotSpot's own performance counters (the ones {@code jstat} reads), from this JVM's
 * {@code hsperfdata_<user>/<pid>} file, mapped once: the JVM keeps its counters in that shared memory, so
 * reading one is a memory load, no system call, no VM operation, no safepoint. The file's layout is
 * HotSpot's PerfDataPrologue (magic 0xcafec0c0, byte order, entry offset and count) then PerfDataEntry
 * records (length, name offset, vector length, type, flags, units, variability, data offset). Absent when
 * the JVM runs with {@code -XX:-UsePerfData} or {@code -XX:+PerfDisableSharedMem}, or is not HotSpot.
 */
public final class PerfCounters {
    private static final int MAGIC = 0xcafec0c0;

    private final MappedByteBuffer map;
    private final Map<String, Integer> longs = new HashMap<>(); // name -> data offset of a 'J' scalar

    private PerfCounters(MappedByteBuffer map) {
        this.map = map;
        map.order(ByteOrder.BIG_ENDIAN);
        if (map.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a HotSpot performance data file");
        }
        map.order(map.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entry = map.getInt(24);
        int count = map.getInt(28);
        for (int i = 0; i < count && entry > 0 && entry + 20 <= map.limit(); i++) {
            int length = map.getInt(entry);
            int nameOffset = map.getInt(entry + 4);
            int vectorLength = map.getInt(entry + 8);
            byte type = map.get(entry + 12);
            int dataOffset = map.getInt(entry + 16);
            if (length <= 0) {
                break;
            }
            if (type == 'J' && vectorLength == 0) {
                longs.put(name(entry + nameOffset, entry + length), entry + dataOffset);
            }
            entry += length;
        }
    }

    /** This JVM's counters, or null where it publishes none. */
    public static PerfCounters ofThisJvm() {
        String pid = ProcessId.ofThisJvm();
        String user = System.getProperty("user.name");
        if (pid == null || user == null) {
            return null;
        }
        // HotSpot writes it under the OS's temporary directory (/tmp on Linux and macOS), whatever java.io.tmpdir
        // the host sets (Tomcat sets its own); elsewhere java.io.tmpdir is the best guess
        PerfCounters c = of(new File(new File("/tmp", "hsperfdata_" + user), pid));
        return c != null ? c : of(new File(new File(System.getProperty("java.io.tmpdir"), "hsperfdata_" + user), pid));
    }

    /** The counters of a performance data file, or null if it is absent or not one. */
    static PerfCounters of(File file) {
        if (!file.isFile()) {
            return null;
        }
        try (FileChannel c = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            return new PerfCounters(c.map(FileChannel.MapMode.READ_ONLY, 0, c.size()));
        } catch (IOException | RuntimeException e) {
            return null; // the mapping stays valid after the close; a failure here means no counters
        }
    }

    private String name(int from, int end) {
        int i = from;
        while (i < end && map.get(i) != 0) {
            i++;
        }
        byte[] b = new byte[i - from];
        for (int k = 0; k < b.length; k++) {
            b[k] = map.get(from + k);
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** The offset of a long counter, or -1 if this JVM has no such counter. */
    public int offset(String counter) {
        Integer o = longs.get(counter);
        return o == null ? -1 : o;
    }

    /** The current value at an {@link #offset}. */
    public long get(int offset) {
        return map.getLong(offset);
    }
}
