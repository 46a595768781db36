package io.telemetrypoller;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tests' shorthand for event maps: {@code numbers("total", 1L, "used", 2L)}, in the order given. */
public final class TestMaps {
    private TestMaps() {
    }

    /** Measurements from alternating keys and numbers. */
    public static Map<String, Number> numbers(Object... kv) {
        Map<String, Number> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Number) kv[i + 1]);
        }
        return m;
    }

    /** Metadata from alternating keys and values. */
    public static Map<String, Object> meta(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
