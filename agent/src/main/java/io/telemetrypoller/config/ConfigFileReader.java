package io.telemetrypoller.config;

import io.telemetrypoller.internal.FileKinds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads the text of {@code config=FILE} so that no file can hold up the caller, which may be
 * {@code premain} on the host's main thread:
 * <ul>
 *   <li>only a regular file is read: a FIFO (its open waits for a writer), a character device
 *       ({@code /dev/zero} and {@code /dev/urandom} never end), a socket or a directory are refused, and so
 *       is any file of {@code /proc} or {@code /sys} (they report size 0 and some reads block);</li>
 *   <li>at most {@value #MAX_BYTES} bytes are read, whatever size the file claims (it may grow);</li>
 *   <li>the read runs on the daemon thread {@code telemetry-poller-config-read} and is awaited at most
 *       {@value #MAX_WAIT_MILLIS} ms (a hung network file system); a read still stuck then is abandoned to
 *       that thread.</li>
 * </ul>
 * Every refusal is a {@link ConfigException} naming {@code config} and the path.
 */
final class ConfigFileReader {
    static final int MAX_BYTES = 1 << 20;
    static final long MAX_WAIT_MILLIS = 2_000;

    private ConfigFileReader() {
    }

    /** The file's UTF-8 text, read within the limits above. */
    static String read(String path) throws ConfigException {
        return read(path, MAX_WAIT_MILLIS);
    }

    private static String read(String path, long waitMillis) throws ConfigException {
        String shown = "invalid config " + ConfigException.show(path) + ": ";
        Path p;
        try {
            p = Paths.get(path);
        } catch (InvalidPathException e) {
            throw new ConfigException(shown + "not a valid path (" + e.getReason() + ")");
        }
        String refusal = refusal(p);
        if (refusal != null) {
            throw new ConfigException(shown + refusal);
        }
        return readBounded(p, shown, waitMillis);
    }

    /** The read itself, past the checks (tests call it on a FIFO to see the time bound). */
    static String readBounded(Path p, String shown, long waitMillis) throws ConfigException {
        Read read = new Read(p);
        Thread t = new Thread(read, "telemetry-poller-config-read");
        t.setDaemon(true);
        t.start();
        byte[] bytes = read.await(waitMillis);
        if (bytes == null) {
            Exception failure = read.failureSeen();
            if (failure == null) {
                t.interrupt();
                throw new ConfigException(shown + "not read within " + waitMillis + " ms (a hung file system?)");
            }
            if (failure instanceof NoSuchFileException) {
                throw new ConfigException(shown + "no such file");
            }
            throw new ConfigException(shown + "cannot read it (" + failure.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(shown + "grew past " + MAX_BYTES + " bytes while read, at most "
                    + MAX_BYTES + " (1 MiB) allowed");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(shown + "not UTF-8 text");
        }
    }

    /** Why the file at {@code p} is not read (e.g. "a FIFO, not a regular file"), or null. */
    private static String refusal(Path p) throws ConfigException {
        Path absolute = p.toAbsolutePath().normalize();
        if (isKernelInterface(absolute)) {
            return "a file of /proc or /sys, not a config file";
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class); // follows links; a loop fails here
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(p)) {
                return "a symbolic link to nothing";
            }
            return "no such file";
        } catch (IOException | SecurityException e) {
            if (Files.isSymbolicLink(p)) {
                return "a symbolic link that cannot be followed (a loop?)";
            }
            return "cannot read it (" + e.getClass().getSimpleName() + ")";
        }
        try {
            if (isKernelInterface(p.toRealPath())) {
                return "a file of /proc or /sys, not a config file";
            }
        } catch (IOException | SecurityException e) {
            return "cannot read it (" + e.getClass().getSimpleName() + ")";
        }
        if (a.isRegularFile()) {
            if (a.size() > MAX_BYTES) {
                return a.size() + " bytes, at most " + MAX_BYTES + " (1 MiB) allowed";
            }
            return null;
        }
        if (a.isDirectory()) {
            return "a directory, not a file";
        }
        return kind(p) + ", not a regular file";
    }

    private static boolean isKernelInterface(Path absolute) {
        return absolute.startsWith("/proc") || absolute.startsWith("/sys");
    }

    private static String kind(Path p) {
        return FileKinds.describe(p, "its open waits for a writer");
    }

    /** The read, off the caller's thread: at most one byte past the cap, so an over-long file is seen. */
    private static final class Read implements Runnable {
        private final Path path;
        private byte[] bytes; // guarded by this
        private Exception failure; // guarded by this
        private boolean done; // guarded by this

        Read(Path path) {
            this.path = path;
        }

        @Override
        public void run() {
            byte[] out = null;
            Exception failed = null;
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buf = new byte[8192];
                int n = 0;
                int r;
                while (n <= MAX_BYTES && (r = in.read(buf, n, Math.min(buf.length - n, MAX_BYTES + 1 - n))) > 0) {
                    n += r;
                    if (n == buf.length && n <= MAX_BYTES) {
                        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_BYTES + 1));
                    }
                }
                out = Arrays.copyOf(buf, n);
            } catch (Exception e) {
                failed = e;
            }
            synchronized (this) {
                bytes = out;
                failure = failed;
                done = true;
                notifyAll();
            }
        }

        /** The bytes, or null if the read failed ({@link #failure} set) or is not done in time. */
        synchronized byte[] await(long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            boolean interrupted = false;
            while (!done) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(left / 1_000_000L + 1);
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting the bounded time; restore the flag after
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return done ? bytes : null;
        }

        synchronized Exception failureSeen() {
            return failure;
        }
    }
}
