package io.telemetrypoller.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InlineOptionsTest {
    @Test
    void lastValueIsTheLastOneTrimmed() {
        assertEquals("2", InlineOptions.lastValue("period=1, period = 2 ", "period"));
        assertEquals("", InlineOptions.lastValue("strict", "strict"));
        assertNull(InlineOptions.lastValue("periodic=1", "period"));
        assertNull(InlineOptions.lastValue(null, "period"));
    }
}
