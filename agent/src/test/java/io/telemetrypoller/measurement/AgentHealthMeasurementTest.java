package io.telemetrypoller.measurement;

import io.telemetrypoller.EventRecorder;
import io.telemetrypoller.HandlerInfo;
import io.telemetrypoller.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentHealthMeasurementTest {
    @AfterEach
    void detachAll() {
        for (HandlerInfo h : Telemetry.listHandlers(Collections.<String>emptyList())) {
            Telemetry.detach(h.id());
        }
    }

    @Test
    void withoutTheAgentOnlyTheProcessCountersAreReported() {
        EventRecorder r = new EventRecorder();
        Telemetry.attachAll("all", r, null);
        new AgentHealthMeasurement().measure();
        List<EventRecorder.Event> events = r.events();
        assertEquals(1, events.size());
        assertEquals(Arrays.asList("telemetry_poller", "agent"), events.get(0).name);
        assertEquals(new java.util.HashSet<>(Arrays.asList("polls", "measurements_removed", "handlers_detached",
                "sink_failures", "events_rejected")), events.get(0).measurements.keySet());
    }
}
