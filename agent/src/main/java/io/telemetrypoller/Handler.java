package io.telemetrypoller;

import java.util.List;
import java.util.Map;

/**
 * A function attached to one or more events with {@link Telemetry#attach}. It runs synchronously on the
 * thread that called {@link Telemetry#execute}, so it should be quick and must not block.
 *
 * <p>A handler that throws is detached and the event {@code [telemetry, handler, failure]} is emitted;
 * the other handlers of the event still run. The maps passed in belong to the emitter: read them during
 * the call and copy what you keep.
 */
@FunctionalInterface
public interface Handler {
    void handleEvent(List<String> event, Map<String, ? extends Number> measurements,
                     Map<String, ?> metadata, Object config);
}
