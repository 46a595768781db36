package io.telemetrypoller.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a path that is not a regular file is, in words, for the refusals of the config file and the file sink. */
public final class FileKinds {
    private static final int S_IFMT = 0170000;

    private FileKinds() {
    }

    /**
     * "a FIFO (...)", "a character device", "a block device", "a socket" or "a special file";
     * {@code fifoNote} says what opening the FIFO would wait for, e.g. "its open waits for a writer".
     */
    public static String describe(Path p, String fifoNote) {
        int mode;
        try {
            mode = ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
        switch (mode) {
            case 0010000:
                return "a FIFO (" + fifoNote + ")";
            case 0020000:
                return "a character device";
            case 0060000:
                return "a block device";
            case 0140000:
                return "a socket";
            default:
                return "a special file";
        }
    }
}
