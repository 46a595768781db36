package io.telemetrypoller.sink;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.Poller;
import io.telemetrypoller.internal.AgentLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SinkSetTest {
    @AfterEach
    void restoreLog() {
        AgentLog.redirect(System.err);
    }

    @Test
    void aFailingSinkIsReportedOnceCountedAndTheOthersGoOn() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentLog.redirect(new PrintStream(err, true));
        List<List<String>> seen = new ArrayList<>();
        Sink broken = new Sink() {
            @Override
            public String description() {
                return "file:/full/disk";
            }

            @Override
            public void accept(List<String> e, Map<String, ? extends Number> m, Map<String, ?> md) throws Exception {
                throw new java.io.IOException("No space left on device");
            }
        };
        Sink good = new Sink() {
            @Override
            public String description() {
                return "good";
            }

            @Override
            public void accept(List<String> e, Map<String, ? extends Number> m, Map<String, ?> md) {
                seen.add(e);
            }
        };
        SinkSet set = new SinkSet(Arrays.asList(broken, good));
        for (int i = 0; i < 3; i++) {
            set.handleEvent(Arrays.asList("vm", "memory"), Collections.<String, Number>emptyMap(),
                    Collections.emptyMap(), null);
        }
        assertEquals(3, seen.size());
        assertEquals(3, set.failures(0));
        assertEquals(0, set.failures(1));
        assertEquals("telemetry-poller: sink file:/full/disk failed to write: java.io.IOException: No space left "
                + "on device (reported once; the other sinks go on)\n",
                new String(err.toByteArray(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    /**
     * Issue 13, defect 4: hostile calls at the API edge (null names and elements, null maps, null values
     * and keys) must never reach a sink, because a sink's failures are reported once: a sink that had
     * failed on them would then stay silent about the first real failure (a full disk).
     */
    @Test
    void afterHostileCallsTheFirstRealFailureOfASinkIsStillReported() {
        AgentLog.forgetReported();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentLog.redirect(new PrintStream(err, true));
        List<String> written = new ArrayList<>();
        Sink disk = new Sink() {
            @Override
            public String description() {
                return "file:/var/log/app.jsonl";
            }

            @Override
            public void accept(List<String> e, Map<String, ? extends Number> m, Map<String, ?> md) throws Exception {
                // as a real line sink does: every element, key and value is read
                StringBuilder line = new StringBuilder(String.join(".", e));
                for (Map.Entry<String, ? extends Number> x : m.entrySet()) {
                    line.append(' ').append(x.getKey().length()).append('=').append(x.getValue().doubleValue());
                }
                for (Map.Entry<String, ?> x : md.entrySet()) {
                    line.append(' ').append(x.getKey().length());
                }
                if (e.get(0).equals("full")) {
                    throw new java.io.IOException("No space left on device");
                }
                written.add(line.toString());
            }
        };
        SinkSet set = new SinkSet(Collections.singletonList(disk));
        set.attach();
        try {
            Map<String, Number> nullValue = new java.util.HashMap<>();
            nullValue.put("n", null);
            nullValue.put(null, 1);
            Map<String, Object> nullKey = new java.util.HashMap<>();
            nullKey.put(null, "x");
            io.telemetrypoller.Telemetry.execute(null, Collections.<String, Number>emptyMap(), Collections.emptyMap());
            io.telemetrypoller.Telemetry.execute(Collections.<String>emptyList(), Collections.<String, Number>emptyMap(),
                    Collections.emptyMap());
            io.telemetrypoller.Telemetry.execute(Arrays.asList("app", null), Collections.<String, Number>emptyMap(),
                    Collections.emptyMap());
            io.telemetrypoller.Telemetry.execute(Arrays.asList("app", "nulls"), null, null);
            io.telemetrypoller.Telemetry.execute(Arrays.asList("app", "values"), nullValue, nullKey);
            io.telemetrypoller.Telemetry.execute(Arrays.asList("full", "disk"), Collections.<String, Number>emptyMap(),
                    Collections.emptyMap());
        } finally {
            set.detach();
            AgentLog.forgetReported(); // the edge's once-lines belong to the tests that assert them too
        }
        assertEquals(Arrays.asList("app.nulls", "app.values"), written);
        assertEquals(1, set.failures(0));
        String log = new String(err.toByteArray(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        String failure = "telemetry-poller: sink file:/var/log/app.jsonl failed to write: java.io.IOException: No space "
                + "left on device (reported once; the other sinks go on)\n";
        assertEquals(true, log.endsWith(failure), log);
        assertEquals(1, log.split("failed to", -1).length - 1, log);
    }

    @Test
    void anEventOffAPollerIsFlushedAtOnceAndAPollsEventsWhenThePollCompletes() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Sink recording = new Sink() {
            @Override
            public String description() {
                return "recording";
            }

            @Override
            public void accept(List<String> e, Map<String, ? extends Number> m, Map<String, ?> md) {
                calls.add("accept " + String.join(".", e));
            }

            @Override
            public void flush() {
                calls.add("flush");
            }
        };
        SinkSet set = new SinkSet(Collections.singletonList(recording));
        set.handleEvent(Arrays.asList("app", "request"), Collections.<String, Number>emptyMap(),
                Collections.emptyMap(), null);
        assertEquals(Arrays.asList("accept app.request", "flush"), calls);

        calls.clear();
        CompletableFuture<Void> polled = new CompletableFuture<>();
        Poller poller = Poller.builder().name("sinkset-test").period(60_000)
                .measurement(new Measurement() {
                    @Override
                    public String name() {
                        return "two-events";
                    }

                    @Override
                    public void measure() {
                        for (String name : Arrays.asList("memory", "cpu")) {
                            set.handleEvent(Arrays.asList("vm", name), Collections.<String, Number>emptyMap(),
                                    Collections.emptyMap(), null);
                        }
                    }
                })
                .onPollComplete(() -> {
                    set.flush();
                    polled.complete(null);
                })
                .start();
        try {
            polled.get(10, TimeUnit.SECONDS);
        } finally {
            poller.close();
        }
        assertEquals(Arrays.asList("accept vm.memory", "accept vm.cpu", "flush"), calls);
    }
}
