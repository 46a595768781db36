package io.telemetrypoller.sink;

import io.telemetrypoller.internal.FileKinds;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whether a path may take a file sink's lines: a regular file, or none yet (created at the first write).
 * Refused, since writing there blocks, is meaningless or does something else than logging: a FIFO (its
 * open waits for a reader), a character or block device, a socket, a directory, a symbolic link that does
 * not resolve (a loop), and any file of {@code /proc} or {@code /sys} (kernel interfaces: a write there
 * may change a setting). {@code /dev/null} is accepted: writes to it never block and discarding
 * is what a user who names it asks for. A path that is missing or not reachable yet (a missing or
 * unreadable directory) is accepted: the writer tries again at every batch and reports the failure once.
 */
public final class FileCheck {

    private FileCheck() {
    }

    /** Why {@code path} is refused (e.g. {@code "/tmp/f is a FIFO"}), or null if lines may go there. */
    public static String refusal(String path) {
        Path p;
        try {
            p = Paths.get(path);
        } catch (InvalidPathException e) {
            return path + " is not a valid path: " + e.getReason();
        }
        if (isKernelInterface(p.toAbsolutePath().normalize())) {
            return path + " is a file of /proc or /sys, not a file for lines";
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException | AccessDeniedException retriedLater) {
            return null;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(p)) {
                return path + " is a symbolic link that cannot be followed (a loop?)";
            }
            return path + ": " + (e.getReason() != null ? e.getReason() : e.toString());
        } catch (IOException | RuntimeException e) {
            return null; // the write will say what is wrong, once
        }
        Path real = realPath(p);
        if (real != null && isKernelInterface(real)) {
            return path + " is a file of /proc or /sys, not a file for lines";
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return path + " is a directory";
        }
        if (real != null && real.toString().equals("/dev/null")) {
            return null;
        }
        return path + " is " + kind(p) + ", not a regular file";
    }

    private static boolean isKernelInterface(Path absolute) {
        return absolute.startsWith("/proc") || absolute.startsWith("/sys");
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String kind(Path p) {
        return FileKinds.describe(p, "a named pipe: its open waits for a reader");
    }
}
