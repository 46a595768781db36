package io.telemetrypoller.sink.console;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleSinkTest {
    @Test
    void oneReadableBlockPerEvent() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("used", 10);
        m.put("max", -1);
        assertEquals("[vm.memory_pool] 2026-11-22T13:00:00.123Z\n  used: 10\n  max: -1\n"
                        + "  metadata: {pool=Metaspace}\n",
                ConsoleSink.format(1795352400123L, Arrays.asList("vm", "memory_pool"), m,
                        Collections.singletonMap("pool", "Metaspace")));
    }
}
