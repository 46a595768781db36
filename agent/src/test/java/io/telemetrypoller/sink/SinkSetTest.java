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
