package io.telemetrypoller.sink;

import io.telemetrypoller.Handler;
import io.telemetrypoller.Poller;
import io.telemetrypoller.Telemetry;
import io.telemetrypoller.internal.AgentLog;
import io.telemetrypoller.internal.SelfStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The running sinks, attached to every event as one handler. Each sink's failures are contained here:
 * the first is reported on stderr, all are counted, and the other sinks (and the host) go on; a sink
 * that fails keeps being tried, so a file sink resumes once its disk has room again. It also decides
 * when sinks flush: after each complete poll (the poller calls {@link #flush()}), and right after an
 * event emitted by any other thread, so sinks need not know which thread is a poller's.
 */
public final class SinkSet implements Handler {
    public static final String HANDLER_ID = "telemetry-poller-sinks";
    /** How long a close (a stop, an attach that replaces the sinks) waits for the sinks' writers. */
    public static final long CLOSE_WAIT_MS = 2000;

    private final List<Sink> sinks;
    private final AtomicLongArray failures;

    public SinkSet(List<Sink> sinks) {
        this.sinks = Collections.unmodifiableList(new ArrayList<>(sinks));
        this.failures = new AtomicLongArray(sinks.size());
    }

    public List<Sink> sinks() {
        return sinks;
    }

    /** Failures counted for the sink at {@code index}. */
    public long failures(int index) {
        return failures.get(index);
    }

    /** Subscribes to every event; false if a set is already attached. */
    public boolean attach() {
        return Telemetry.attachAll(HANDLER_ID, this, null);
    }

    public void detach() {
        Telemetry.detach(HANDLER_ID);
    }

    @Override
    public void handleEvent(List<String> event, Map<String, ? extends Number> measurements,
                            Map<String, ?> metadata, Object config) {
        // Events of a poll go out together when the poll completes; any other event at once.
        boolean inPoll = Poller.isPollerThread();
        for (int i = 0; i < sinks.size(); i++) {
            Sink sink = sinks.get(i);
            try {
                sink.accept(event, measurements, metadata);
            } catch (Throwable t) {
                failed(i, "write", t);
                continue;
            }
            if (!inPoll) {
                flush(i, sink);
            }
        }
    }

    /** After each poll of any poller: the poll's events go out, and each sink learns that a poll ended. */
    public void pollCompleted() {
        flush();
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).pollCompleted();
            } catch (Throwable t) {
                failed(i, "end a poll", t);
            }
        }
    }

    public void flush() {
        for (int i = 0; i < sinks.size(); i++) {
            flush(i, sinks.get(i));
        }
    }

    private void flush(int index, Sink sink) {
        try {
            sink.flush();
        } catch (Throwable t) {
            failed(index, "flush", t);
        }
    }

    /**
     * Waits until every sink has written what was flushed, {@code millis} at most for all of them
     * together (the JVM's exit waits this long for a stuck writer, never longer). True if all have.
     */
    public boolean awaitIdle(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        boolean all = true;
        for (int i = 0; i < sinks.size(); i++) {
            try {
                all &= sinks.get(i).awaitIdle(deadline);
            } catch (Throwable t) {
                failed(i, "close", t);
            }
        }
        return all;
    }

    /** Closes every sink, then waits at most {@link #CLOSE_WAIT_MS} in all for their threads to end. */
    public void close() {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).close();
            } catch (Throwable t) {
                failed(i, "close", t);
            }
        }
        awaitIdle(CLOSE_WAIT_MS);
    }

    private void failed(int index, String what, Throwable t) {
        failures.incrementAndGet(index);
        SelfStats.SINK_FAILURES.incrementAndGet();
        String sink = sinks.get(index).description();
        AgentLog.warnOnce("sink:" + sink + ":" + what, "sink " + sink + " failed to " + what + ": " + t
                + " (reported once; the other sinks go on)");
    }
}
