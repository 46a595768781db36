package io.telemetrypoller;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of beam-telemetry/telemetry_poller's test/telemetry_poller_SUITE.erl that have a JVM meaning,
 * written from reading them (one test per case, named in a comment), against the Java Poller API. Left out:
 * accepts_global_name_opt (no global process registry; pollers are objects), dont_start_when_default_false
 * (the agent's `default=false` option: ConfigParserTest), dispatches_persistent_term (no persistent_term),
 * dispatches_process_info (a JVM thread has no mailbox: the workers' ITs, docs/workers.md).
 */
class TelemetryPollerPeerSuiteTest {
    private final List<Poller> started = new ArrayList<>();
    private final List<String> handlers = new ArrayList<>();
    private final LinkedBlockingQueue<Object[]> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        for (Poller p : started) {
            p.close();
        }
        for (String h : handlers) {
            Telemetry.detach(h);
        }
    }

    private Poller start(Poller.Builder b) {
        Poller p = b.start();
        started.add(p);
        return p;
    }

    private void attachTo(String... event) {
        String id = "peer-poller-" + System.nanoTime();
        handlers.add(id);
        Telemetry.attach(id, Arrays.asList(event), (e, m, md, c) -> received.add(new Object[] {e, m, md}), null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, ? extends Number> awaitMeasurements() throws InterruptedException {
        Object[] e = received.poll(1000, TimeUnit.MILLISECONDS);
        assertNotNull(e, "timeout_receive_echo");
        return (Map<String, ? extends Number>) e[1];
    }

    /** test_measure:single_sample/3 and raise/0. */
    public static void singleSample(List<String> event, Map<String, Number> measurements, Map<String, Object> metadata) {
        Telemetry.execute(event, measurements, metadata);
    }

    public static void raise() {
        throw new IllegalStateException("I'm raising because I can!");
    }

    // telemetry_poller_SUITE: accepts_name_opt
    @Test
    void acceptsNameOpt() {
        assertEquals("my_poller", start(Poller.builder().name("my_poller")).name());
    }

    // telemetry_poller_SUITE: multiple_unnamed
    @Test
    void multipleUnnamed() {
        Poller a = start(Poller.builder());
        Poller b = start(Poller.builder());
        assertTrue(a.isRunning() && b.isRunning());
    }

    // telemetry_poller_SUITE: can_configure_sampling_period
    @Test
    void canConfigureSamplingPeriod() {
        assertEquals(500, start(Poller.builder().measurements(Collections.<Measurement>emptyList()).period(500)
                .initDelay(0)).periodMillis());
    }

    // telemetry_poller_SUITE: doesnt_start_given_invalid_period
    @Test
    void doesntStartGivenInvalidPeriod() {
        assertEquals("Expected period to be a positive integer",
                assertThrows(IllegalArgumentException.class, () -> Poller.builder().period(0)).getMessage());
    }

    // telemetry_poller_SUITE: doesnt_start_given_invalid_init_delay
    @Test
    void doesntStartGivenInvalidInitDelay() {
        assertEquals("Expected init_delay to be 0 or a positive integer",
                assertThrows(IllegalArgumentException.class, () -> Poller.builder().initDelay(-1)).getMessage());
    }

    // telemetry_poller_SUITE: doesnt_start_given_invalid_measurements
    @Test
    void doesntStartGivenInvalidMeasurements() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> Poller.builder().measurement("invalid_measurement")).getMessage();
        assertTrue(message.startsWith("Expected measurement "), message);
        assertEquals("Expected measurement to be a built-in name or a Measurement: unknown measurement "
                + "'invalid_measurement': expected one of memory, total_run_queue_lengths, system_counts, thread_states, "
                + "container, safepoints, runtime, gc, cpu, agent", message);
        assertEquals("Expected measurements to be a list",
                assertThrows(IllegalArgumentException.class, () -> Poller.builder().measurements(null)).getMessage());
    }

    // telemetry_poller_SUITE: measurements_can_be_listed
    @Test
    void measurementsCanBeListed() {
        Poller p = start(Poller.builder().measurement("memory").mfa(TelemetryPollerPeerSuiteTest.class, "singleSample",
                Arrays.asList("a", "second", "test", "event"), Collections.singletonMap("sample", 1),
                Collections.emptyMap()).period(100));
        assertEquals(2, p.listMeasurements().size(), p.listMeasurements().toString());
        assertEquals("memory", p.listMeasurements().get(0));
        assertTrue(p.listMeasurements().get(1).contains("singleSample"), p.listMeasurements().toString());
    }

    // telemetry_poller_SUITE: measurement_removed_if_it_raises
    @Test
    void measurementRemovedIfItRaises() throws InterruptedException {
        Poller p = start(Poller.builder().mfa(TelemetryPollerPeerSuiteTest.class, "raise").period(100).initDelay(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!p.listMeasurements().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Collections.emptyList(), p.listMeasurements());
        assertEquals(1, p.failedMeasurements().size());
    }

    // telemetry_poller_SUITE: dispatches_custom_mfa
    @Test
    void dispatchesCustomMfa() throws InterruptedException {
        List<String> event = Arrays.asList("a", "test", "event");
        Map<String, Number> measurements = Collections.singletonMap("sample", 1);
        Map<String, Object> metadata = Collections.singletonMap("some", "metadata");
        attachTo("a", "test", "event");
        start(Poller.builder().mfa(TelemetryPollerPeerSuiteTest.class, "singleSample", event, measurements, metadata)
                .period(100).initDelay(0));
        Object[] e = received.poll(1000, TimeUnit.MILLISECONDS);
        assertNotNull(e, "timeout_receive_echo");
        assertEquals(event, e[0]);
        assertEquals(measurements, e[1]);
        assertEquals(metadata, e[2]);
    }

    // telemetry_poller_SUITE: dispatches_memory
    @Test
    void dispatchesMemory() throws InterruptedException {
        attachTo("vm", "memory");
        start(Poller.builder().measurement("memory").period(100).initDelay(0));
        assertTrue(awaitMeasurements().containsKey("total"));
    }

    // telemetry_poller_SUITE: dispatches_total_run_queue_lengths
    @Test
    void dispatchesTotalRunQueueLengths() throws InterruptedException {
        attachTo("vm", "total_run_queue_lengths");
        start(Poller.builder().measurement("total_run_queue_lengths").period(100).initDelay(0));
        Set<String> keys = new HashSet<>(awaitMeasurements().keySet());
        assertTrue(keys.containsAll(Arrays.asList("total", "cpu", "io")), keys.toString());
    }

    // telemetry_poller_SUITE: dispatches_system_counts (process, atom and port counts and limits: the JVM's
    // threads, classes and descriptors, docs/measurements.md)
    @Test
    void dispatchesSystemCounts() throws InterruptedException {
        attachTo("vm", "system_counts");
        start(Poller.builder().measurement("system_counts").period(100).initDelay(0));
        Set<String> keys = new HashSet<>(awaitMeasurements().keySet());
        assertTrue(keys.containsAll(Arrays.asList("thread_count", "thread_limit", "loaded_class_count", "open_fd_count",
                "fd_limit")), keys.toString());
    }
}
