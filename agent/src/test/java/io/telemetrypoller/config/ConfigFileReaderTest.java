package io.telemetrypoller.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** config= reads only regular files, at most 1 MiB, within a time bound (issue 13, defect 2). */
@EnabledOnOs(OS.LINUX)
class ConfigFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsRead() throws Exception {
        Path p = dir.resolve("c.json");
        Files.write(p, "{\"period\": 5}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"period\": 5}", ConfigFileReader.read(p.toString()));
    }

    @Test
    void specialFilesAreRefusedWithoutOpeningThem() throws Exception {
        Path fifo = mkfifo("f");
        assertEquals("invalid config '" + fifo + "': a FIFO (its open waits for a writer), not a regular file",
                error(fifo.toString()));
        assertEquals("invalid config '/dev/zero': a character device, not a regular file", error("/dev/zero"));
        assertEquals("invalid config '/dev/urandom': a character device, not a regular file", error("/dev/urandom"));
        assertEquals("invalid config '" + dir + "': a directory, not a file", error(dir.toString()));
        assertEquals("invalid config '/proc/self/status': a file of /proc or /sys, not a config file",
                error("/proc/self/status"));
        assertEquals("invalid config '/sys/kernel/mm/transparent_hugepage/enabled': a file of /proc or /sys, "
                + "not a config file", error("/sys/kernel/mm/transparent_hugepage/enabled"));
    }

    @Test
    void linksAreJudgedByWhatTheyReach() throws Exception {
        Path toZero = Files.createSymbolicLink(dir.resolve("zero.json"), java.nio.file.Paths.get("/dev/zero"));
        assertEquals("invalid config '" + toZero + "': a character device, not a regular file", error(toZero.toString()));
        Path toProc = Files.createSymbolicLink(dir.resolve("proc.json"), java.nio.file.Paths.get("/proc/self/environ"));
        assertEquals("invalid config '" + toProc + "': a file of /proc or /sys, not a config file", error(toProc.toString()));
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertEquals("invalid config '" + a + "': a symbolic link that cannot be followed (a loop?)", error(a.toString()));
        Path dangling = Files.createSymbolicLink(dir.resolve("gone.json"), dir.resolve("nothing"));
        assertEquals("invalid config '" + dangling + "': a symbolic link to nothing", error(dangling.toString()));
    }

    @Test
    void aReadThatHangsIsAbandonedAfterTheBound() throws Exception {
        Path fifo = mkfifo("hang");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFileReader.readBounded(fifo, "invalid config 'x': ", 200));
        assertEquals("invalid config 'x': not read within 200 ms (a hung file system?)", e.getMessage());
        try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
            unblock.write('x'); // lets the abandoned reader thread finish
        }
    }

    @Test
    void theCapHoldsWhateverSizeIsClaimed() throws Exception {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[ConfigFileReader.MAX_BYTES + 1]);
        assertEquals("invalid config '" + big + "': 1048577 bytes, at most 1048576 (1 MiB) allowed", error(big.toString()));
        Path fifo = mkfifo("endless");
        Thread writer = new Thread(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                byte[] chunk = new byte[65536];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk); // 4 MiB: more than the cap; the reader stops first
                }
            } catch (Exception expected) {
                // the reader closed its end at the cap
            }
        });
        writer.setDaemon(true);
        writer.start();
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFileReader.readBounded(fifo, "invalid config 'x': ", 10_000));
        assertEquals("invalid config 'x': grew past 1048576 bytes while read, at most 1048576 (1 MiB) allowed",
                e.getMessage());
    }

    @Test
    void theParserReportsTheRefusal() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("config=/dev/zero"));
        assertEquals("invalid config '/dev/zero': a character device, not a regular file", e.getMessage());
    }

    private Path mkfifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    private static String error(String path) {
        return assertThrows(ConfigException.class, () -> ConfigFileReader.read(path)).getMessage();
    }
}
