package io.telemetrypoller.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TagsTest {
    @Test
    void numbersAreTheirDecimalTextAndSmallOnesAreMadeOnce() {
        Map<String, Object> metadata = new HashMap<>();
        Map<String, String> none = Collections.emptyMap();
        String[] expected = {"200", "0", "1023", "1024", "-1", "5000000000", "7", "2.5", "true"};
        Object[] values = {200, 0, 1023L, 1024, -1, 5_000_000_000L, (short) 7, 2.5, true};
        for (int i = 0; i < values.length; i++) {
            metadata.put("v", values[i]);
            assertEquals(expected[i], Tags.value("v", metadata, none), String.valueOf(values[i]));
        }
        metadata.put("status", 404);
        String first = Tags.value("status", metadata, none);
        metadata.put("status", Integer.valueOf(404));
        assertSame(first, Tags.value("status", metadata, none));
        metadata.put("status", 404L);
        assertSame(first, Tags.value("status", metadata, none));
    }

    @Test
    void metadataFirstThenTheGlobalTags() {
        Map<String, String> global = Collections.singletonMap("env", "prod");
        assertEquals("prod", Tags.value("env", Collections.emptyMap(), global));
        assertEquals("dev", Tags.value("env", Collections.singletonMap("env", "dev"), global));
        assertNull(Tags.value("region", Collections.emptyMap(), global));
    }

    @Test
    void scalarKeysAreSortedAndLeaveOutTheRest() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String k : new String[] {"zone", "b", "route", "a", "status", "method", "host", "c"}) {
            metadata.put(k, k.length());
        }
        metadata.put("list", Arrays.asList(1, 2));
        metadata.put(Tags.SPAN_CONTEXT, "span-1");
        metadata.put("kind", Thread.State.RUNNABLE);
        assertArrayEquals(new String[] {"a", "b", "c", "host", "kind", "method", "route", "status", "zone"},
                Tags.scalarKeys(metadata));
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("k" + (char) ('A' + (i * 7) % 40), i);
        }
        String[] keys = Tags.scalarKeys(many);
        String[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, keys);
        assertEquals(40, keys.length);
    }
}
