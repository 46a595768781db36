package io.telemetrypoller.proc;

import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads small Linux {@code /proc} files into a caller's reused buffer and parses them by hand, so a poll
 * makes no strings and no arrays of its own. Not thread-safe in the sense that the buffer belongs to the
 * caller: each measurement owns its buffer and is called from one poller thread only.
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    /**
     * Reads up to {@code buf.length} bytes of the file; returns how many, or -1 when it cannot be read
     * (absent, not Linux, or a thread that exited between the listing and the read).
     */
    public static int read(String path, byte[] buf) {
        // RandomAccessFile: on Java 8 FileInputStream has a finalizer, RandomAccessFile does not.
        try (RandomAccessFile file = new RandomAccessFile(path, "r")) {
            int total = 0;
            while (total < buf.length) {
                int wanted = buf.length - total;
                int n = file.read(buf, total, wanted);
                if (n < 0) {
                    break;
                }
                total += n;
                if (n < wanted) {
                    // a short read is the end: /proc renders a small file whole on the first read, and a
                    // regular file reads short only at its end. Saves the read that would return -1
                    // (about 10% of a task's cost in the run-queue measurement; docs/performance.md).
                    break;
                }
            }
            return total;
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /**
     * The unsigned decimal number that starts at {@code from} after any spaces or tabs; -1 if there is none.
     */
    public static long parseLong(byte[] buf, int from, int end) {
        int i = skipBlanks(buf, from, end);
        long value = 0;
        int start = i;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            value = value * 10 + (buf[i] - '0');
            i++;
        }
        return i == start ? -1 : value;
    }

    /** The index where the {@code n}th (0-based) space-separated field starts, or -1. */
    public static int field(byte[] buf, int end, int n) {
        int i = skipBlanks(buf, 0, end);
        for (int f = 0; f < n; f++) {
            while (i < end && buf[i] != ' ' && buf[i] != '\t') {
                i++;
            }
            i = skipBlanks(buf, i, end);
        }
        return i < end ? i : -1;
    }

    /** Index of the first byte after {@code key} where it starts a line, or -1. */
    public static int afterKey(byte[] buf, int end, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= end; i++) {
            if (i > 0 && buf[i - 1] != '\n') {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (buf[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    /**
     * The soft limit of the {@code /proc/self/limits} line that starts with {@code key} (e.g. "Max open
     * files"), or -1 (no file, no such line, or "unlimited"). Reads into {@code buf}.
     */
    public static long softLimit(String limitsPath, byte[] key, byte[] buf) {
        int len = read(limitsPath, buf);
        int at = len < 0 ? -1 : afterKey(buf, len, key);
        return at < 0 ? -1 : parseLong(buf, at, len);
    }

    /** Index of the last {@code b} in {@code buf[0, end)}, or -1. */
    static int lastIndexOf(byte[] buf, int end, byte b) {
        for (int i = end - 1; i >= 0; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    public static byte[] ascii(String s) {
        byte[] bytes = new byte[s.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) s.charAt(i);
        }
        return bytes;
    }

    private static int skipBlanks(byte[] buf, int i, int end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }
}
