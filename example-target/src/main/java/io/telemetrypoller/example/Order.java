package io.telemetrypoller.example;

/** One unit of work handed from the {@link OrderProducer} to an {@link OrderWorker}. */
public final class Order {
    private final long number;
    private final int payloadBytes;

    public Order(long number, int payloadBytes) {
        this.number = number;
        this.payloadBytes = payloadBytes;
    }

    public long number() {
        return number;
    }

    /** Size of the scratch buffer processing allocates: drives short-lived allocation. */
    public int payloadBytes() {
        return payloadBytes;
    }

    @Override
    public String toString() {
        return "Order#" + number;
    }
}
