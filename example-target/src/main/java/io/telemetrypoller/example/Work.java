package io.telemetrypoller.example;

/** Small helpers that burn a little CPU, so process CPU time and load move. */
final class Work {
    private static volatile long sink; // keeps the JIT from discarding the computations

    private Work() {
    }

    /** Computes for about {@code micros} microseconds of wall time. */
    static long spin(long micros) {
        long deadline = System.nanoTime() + micros * 1000L;
        long x = micros;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
        return x;
    }

    /** Fills {@code buf} with pseudo-random bytes and returns a checksum of them. */
    static long fill(byte[] buf, long seed) {
        long x = seed;
        long sum = 0;
        for (int i = 0; i < buf.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            buf[i] = (byte) (x >>> 56);
            sum += buf[i];
        }
        sink = sum;
        return sum;
    }
}
