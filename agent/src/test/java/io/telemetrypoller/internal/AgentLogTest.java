package io.telemetrypoller.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AgentLogTest {
    private static String repeat(char c, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(c);
        }
        return sb.toString();
    }

    @Test
    void aLongWordIsCutTo64CharactersWhereverItStands() {
        String path = "/tmp/" + repeat('a', 995);
        String message = "started: poller default (period 500 ms: memory); sinks: file:" + path + ", stderr";
        assertEquals("started: poller default (period 500 ms: memory); sinks: "
                        + ("file:" + path).substring(0, 64) + "... stderr",
                AgentLog.cutLongWords(message));
        assertEquals("sink " + ("file:" + path).substring(0, 64) + "... failed to flush: "
                        + path.substring(0, 64) + "... (No such file or directory)",
                AgentLog.cutLongWords("sink file:" + path + " failed to flush: " + path + " (No such file or directory)"));
    }

    @Test
    void wordsUpTo96CharactersAndQuotedConfigValuesStayWhole() {
        String word = repeat('b', 96);
        String message = "invalid sink: 'file:" + repeat('c', 59) + "...' is not a sink; " + word;
        assertSame(message, AgentLog.cutLongWords(message));
        assertEquals("x " + repeat('b', 64) + "...", AgentLog.cutLongWords("x " + repeat('b', 97)));
        assertEquals("  two  spaces ", AgentLog.cutLongWords("  two  spaces "));
    }
}
