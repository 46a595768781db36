package io.telemetrypoller.cli;

import io.telemetrypoller.config.ConfigParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttachCommandTest {
    @Test
    void relativePathsBecomeAbsoluteAgainstTheWorkingDirectory() {
        assertEquals("period=500,sink=file:/home/op/out.jsonl+stdout,config=/home/op/conf/tp.json",
                AttachCommand.absolutePaths("period=500,sink=file:out.jsonl+stdout,config=conf/tp.json",
                        Paths.get("/home/op")));
        assertEquals("sink=file:/home/x.jsonl", AttachCommand.absolutePaths("sink=file:../x.jsonl", Paths.get("/home/op")));
    }

    @Test
    void everythingElseIsSentAsGiven() {
        String options = "period=500,sink=file:/var/log/t.jsonl+statsd://127.0.0.1:8125,tags=env:prod+dc:a";
        assertEquals(options, AttachCommand.absolutePaths(options, Paths.get("/home/op")));
        assertEquals("", AttachCommand.absolutePaths("", Paths.get("/home/op")));
        assertEquals("", AttachCommand.absolutePaths("  ", Paths.get("/home/op")));
    }

    @Test
    void theGivenKeysChangeAndTheOthersKeepTheirRunningValues() {
        assertEquals("sink=file:/tmp/t.jsonl,period=200", AttachCommand.merge("sink=file:/tmp/t.jsonl,period=500", "period=200"));
        assertEquals("sink=stdout,period=500,measurements=memory",
                AttachCommand.merge("sink=file:/tmp/t.jsonl+stderr,period=500", "measurements=memory,sink=stdout"));
        assertEquals("period=200", AttachCommand.merge("", "period=200"));
        assertEquals("period=500", AttachCommand.merge("period=500", ""));
    }

    @Test
    void sinksThatDidNotStartAreNamed() throws Exception {
        assertEquals(Collections.singletonList("statsd://127.0.0.1:8125"), AttachCommand.missingSinks(
                ConfigParser.parse("sink=file:/tmp/a.jsonl+statsd://127.0.0.1:8125"),
                Arrays.asList("file:/tmp/a.jsonl")));
        assertEquals(Collections.emptyList(), AttachCommand.missingSinks(ConfigParser.parse(""),
                Collections.singletonList("stdout")));
        assertEquals(Collections.emptyList(), AttachCommand.missingSinks(ConfigParser.parse("sink=prometheus://127.0.0.1:0"),
                Collections.singletonList("prometheus://127.0.0.1:41234")), "a sink shown otherwise is not missing");
    }
}
