package io.telemetrypoller.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated config files (fixed seed): truncations, swapped characters, wrong types in every field.
 * Parsing either succeeds or fails with a one-line ConfigException.
 */
class ConfigFileFuzzTest {
    private static final String VALID = "{\n"
            + "  \"pollers\": [\n"
            + "    {\"name\": \"default\", \"period\": 5000, \"init_delay\": 0,\n"
            + "     \"measurements\": [\"memory\", \"total_run_queue_lengths\", \"system_counts\",\n"
            + "       {\"mfa\": {\"class\": \"com.acme.Stats\", \"method\": \"dispatch\", \"args\": [1, \"x\"]}}]}\n"
            + "  ],\n"
            + "  \"sink\": [\"stdout\", \"statsd://127.0.0.1:8125\"],\n"
            + "  \"statsd_format\": \"datadog\", \"prefix\": \"app\", \"tags\": {\"env\": \"prod\"},\n"
            + "  \"workers\": [{\"class\": \"com.acme.OrderWorker\", \"queue\": \"inbox\"}],\n"
            + "  \"executors\": true\n"
            + "}\n";
    private static final String[] REPLACEMENTS = {"null", "true", "-1", "1e309", "\"\"", "[]", "{}", "[[[]]]",
            "\"\\u0000\"", "99999999999999999999", "\"x\"", "{\"a\": 1}"};

    @TempDir
    Path dir;

    @Test
    void mutatedFilesFailOnlyWithOneLineMessages() throws Exception {
        Random random = new Random(7L);
        Path file = dir.resolve("config.json");
        for (int i = 0; i < 2_000; i++) {
            String text = mutate(VALID, random);
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            try {
                ConfigParser.parse("config=" + file);
            } catch (ConfigException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (Throwable t) {
                fail("config " + text + " threw " + t, t);
            }
        }
    }

    /** Hostile file kinds (issue 13): each is refused with one line naming config=, without reading it. */
    @Test
    void specialFileKindsFailWithOneLineNamingConfig() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        Path loop = dir.resolve("loop.json");
        Files.createSymbolicLink(loop, loop);
        Path toZero = Files.createSymbolicLink(dir.resolve("zero.json"), java.nio.file.Paths.get("/dev/zero"));
        String[] paths = {fifo.toString(), "/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin", "/dev/tty",
            dir.toString(), "/proc/self/status", "/proc/self/mem", "/proc/kmsg", "/sys/kernel/mm/transparent_hugepage/enabled",
            loop.toString(), toZero.toString(), "/", "/tmp/../proc/self/environ", dir + "/nothing/" + "x.json"};
        for (String path : paths) {
            try {
                ConfigParser.parse("config=" + path);
                fail("config=" + path + " was accepted");
            } catch (ConfigException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().startsWith("invalid config "), e.getMessage());
            }
        }
    }

    private static String mutate(String s, Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return s.substring(0, random.nextInt(s.length()));
            case 1: {
                char[] c = s.toCharArray();
                int a = random.nextInt(c.length);
                c[a] = "{}[]\",:0a \\".charAt(random.nextInt(11));
                return new String(c);
            }
            case 2: {
                // replace one value after a colon with a value of another type
                int colon = s.indexOf(':', random.nextInt(s.length()));
                if (colon < 0) {
                    return s;
                }
                int end = colon + 1;
                while (end < s.length() && ",}\n".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                return s.substring(0, colon + 1) + " " + REPLACEMENTS[random.nextInt(REPLACEMENTS.length)] + s.substring(end);
            }
            default: {
                // an unknown field
                int brace = s.indexOf('{', random.nextInt(s.length()));
                return brace < 0 ? s : s.substring(0, brace + 1) + "\"surprise\": 1, " + s.substring(brace + 1);
            }
        }
    }
}
