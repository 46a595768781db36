package io.telemetrypoller.example;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A small cache of receipts that grows with every processed order and is cleared periodically:
 * objects that survive a few young collections then die, so old-generation use moves too.
 */
final class ReceiptCache {
    private final ConcurrentMap<Long, byte[]> receipts = new ConcurrentHashMap<Long, byte[]>();

    void put(long orderNumber, int bytes) {
        receipts.put(orderNumber, new byte[bytes]);
    }

    int size() {
        return receipts.size();
    }

    void clear() {
        receipts.clear();
    }
}
