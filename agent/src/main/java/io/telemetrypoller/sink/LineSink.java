package io.telemetrypoller.sink;

/**
 * A sink that writes text lines through a {@link LineOutput}: flushing, closing and its counts are the
 * output's, so a line sink only says how an event becomes a line.
 */
public abstract class LineSink implements Sink {
    private final String description;
    private final LineOutput output;

    protected LineSink(String description, LineOutput output) {
        this.description = description;
        this.output = output;
    }

    @Override
    public final String description() {
        return description;
    }

    public final LineOutput output() {
        return output;
    }

    @Override
    public final void flush() throws Exception {
        output.flush();
    }

    /** Lines written. */
    @Override
    public final long sent() {
        return output.written();
    }

    /** Lines lost: past the buffer's cap, in a failed write, or after close. */
    @Override
    public final long dropped() {
        return output.dropped();
    }

    @Override
    public final boolean awaitIdle(long deadlineNanos) {
        return output.awaitIdle(deadlineNanos);
    }

    @Override
    public final void close() {
        output.close();
    }
}
