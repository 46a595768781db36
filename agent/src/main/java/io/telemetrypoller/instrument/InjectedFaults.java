package io.telemetrypoller.instrument;

/**
 * Tests only: {@code -Dtelemetry-poller.test.fault=WHAT} makes one part of the instrumentation fail on
 * purpose ({@code weave}: the weaver throws; {@code unlinked}: the executor relay is not installed), so
 * the tests can show the host is never affected.
 */
final class InjectedFaults {
    private InjectedFaults() {
    }

    static boolean requested(String what) {
        try {
            return what.equals(System.getProperty("telemetry-poller.test.fault"));
        } catch (Throwable t) {
            return false; // a security manager may refuse
        }
    }
}
