package io.telemetrypoller.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each hand-written check answers as the regular expression it replaced, on edge cases and random strings. */
class SyntaxTest {
    private static final String ALPHABET = "aZ09_.-/$#:+ é١ⅫΩ\u0301\uD835\uDC00x";
    private static final List<String> EDGES = Arrays.asList("", ".", "a", "a.", ".a", "a..b", "a.b", "_", "$", "9",
            "a9", "9a", "é", "Ω.ⅫX", "a-b", "a/b", "1.2.3.4", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "999.0.0.0", "1..2.3",
            "a_b", "ab_", "Ab", "a b", "\uD835\uDC00", "a\uD835\uDC00", "a١", "١a", "x\u0301");

    @Test
    void wordsAsTheirRegex() {
        same(Pattern.compile("[A-Za-z0-9_.\\-]{1,64}"), s -> Syntax.isWord(s, 64, "_.-"));
        same(Pattern.compile("[A-Za-z0-9_.\\-/]{1,100}"), s -> Syntax.isWord(s, 100, "_.-/"));
        same(Pattern.compile("[A-Za-z0-9_\\-]+"), s -> Syntax.isWord(s, Integer.MAX_VALUE, "_-"));
        same(Pattern.compile("[A-Za-z0-9_.\\-]{1,3}"), s -> Syntax.isWord(s, 3, "_.-"));
    }

    @Test
    void javaNamesAsTheirRegex() {
        same(Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*"), Syntax::isIdentifier);
        same(Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*"), Syntax::isQualifiedName);
    }

    @Test
    void ipv4ShapeAndLowercaseWordAsTheirRegex() {
        same(Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}"), Syntax::isIpv4Shape);
        same(Pattern.compile("[a-z][a-z_]{0,31}"), s -> Syntax.isLowercaseWord(s, 31));
        same(Pattern.compile("[a-z][a-z_]{0,2}"), s -> Syntax.isLowercaseWord(s, 2));
    }

    private static void same(Pattern regex, Predicate<String> check) {
        List<String> inputs = new ArrayList<>(EDGES);
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(8);
            for (int i = 0; i < len; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            inputs.add(sb.toString());
        }
        for (String s : inputs) {
            assertEquals(regex.matcher(s).matches(), check.test(s), () -> regex + " on '" + s + "'");
        }
    }
}
