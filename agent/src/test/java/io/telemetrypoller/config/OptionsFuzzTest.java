package io.telemetrypoller.config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated option strings (fixed seed, so a failure reproduces): parsing either succeeds or fails
 * with a ConfigException whose message is one printable line of bounded length. Nothing else ever
 * escapes: no NumberFormatException, no IndexOutOfBounds, no stack overflow.
 */
class OptionsFuzzTest {
    private static final List<String> VALUES = Arrays.asList("", "0", "-1", "1", "5000", "2147483647",
            "2147483648", "99999999999999999999999", "abc", "true", "false", "memory", "memory+gc",
            "memory++", "+", "++", "stdout", "file:", "file:/tmp/x", "statsd://", "statsd://h:1",
            "statsd://h:99999", "prometheus://:0", "prometheus://[::1]:9", "datadog", "quiet",
            "a:b+c:d", "a:", ":b", "a=b", "com.acme.X#y", "#", "X#", "\u00e9\u00e8", "\u202e", "\u0000",
            "\n", "\r\n", "\t", "%n%s", "${jndi:ldap://x}", "'; DROP", "../../etc/passwd", "\uD83D\uDE00");

    @Test
    void generatedOptionStringsFailOnlyWithOneLineMessages() {
        Random random = new Random(20261123L);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            String options = generate(random);
            try {
                ConfigParser.parse(options);
                accepted++;
            } catch (ConfigException e) {
                String m = e.getMessage();
                assertTrue(m != null && !m.isEmpty(), options);
                assertFalse(m.contains("\n") || m.contains("\r"), "multi-line message for " + options + ": " + m);
                assertTrue(m.length() <= 400, "message too long for " + options + ": " + m);
                for (char c : m.toCharArray()) {
                    assertFalse(c < 0x20, "control character in message for " + options);
                }
            } catch (Throwable t) {
                fail("options " + Arrays.toString(options.toCharArray()) + " threw " + t, t);
            }
        }
        assertTrue(accepted > 50, "the generator also produces valid strings: " + accepted);
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButConfigException() {
        Random random = new Random(42L);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(200)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
            }
            String options = new String(chars);
            try {
                ConfigParser.parse(options);
            } catch (ConfigException expected) {
                assertFalse(expected.getMessage().contains("\n"));
            } catch (Throwable t) {
                fail("options " + Arrays.toString(chars) + " threw " + t, t);
            }
        }
    }

    private static String generate(Random random) {
        int pairs = random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < pairs; p++) {
            if (p > 0) {
                sb.append(random.nextInt(20) == 0 ? ",," : ",");
            }
            String key = random.nextInt(10) == 0 ? "bogus" : ConfigParser.KEYS.get(random.nextInt(ConfigParser.KEYS.size()));
            if (key.equals("config")) {
                key = "period"; // files are covered by ConfigParserTest
            }
            sb.append(key);
            if (random.nextInt(15) != 0) {
                sb.append('=');
            }
            sb.append(VALUES.get(random.nextInt(VALUES.size())));
            if (random.nextInt(4) == 0) {
                sb.append('+').append(VALUES.get(random.nextInt(VALUES.size())));
            }
        }
        return sb.toString();
    }
}
