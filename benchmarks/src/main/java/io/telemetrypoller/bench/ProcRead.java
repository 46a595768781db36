package io.telemetrypoller.bench;

import java.io.IOException;
import java.io.RandomAccessFile;

/** The plain-Java baseline of a /proc read: open, read to end of file into a reused buffer, close. */
final class ProcRead {
    private ProcRead() {
    }

    /** Bytes read into {@code buf}, or -1 if the file cannot be read (a thread that just ended). */
    static int readFully(String path, byte[] buf) {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            int total = 0;
            int n;
            while (total < buf.length && (n = f.read(buf, total, buf.length - total)) > 0) {
                total += n;
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }
}
