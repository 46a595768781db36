package io.telemetrypoller.sink.otlp;

/** Wall-clock time in nanoseconds since the Unix epoch, as OTLP's time_unix_nano (millisecond precision on Java 8). */
final class EpochNanos {
    private EpochNanos() {
    }

    static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }
}
