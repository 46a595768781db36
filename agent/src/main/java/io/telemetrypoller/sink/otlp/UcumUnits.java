package io.telemetrypoller.sink.otlp;

/**
 * A metric's unit as OTLP carries it, in UCUM as the OpenTelemetry semantic conventions ask: {@code By},
 * {@code kBy}, {@code ms}, {@code s}; a unit of no known dimension (e.g. {@code request}) becomes the
 * annotation {@code {request}}; a counter with no unit is {@code 1}; no unit otherwise is empty.
 */
final class UcumUnits {
    private UcumUnits() {
    }

    static String of(String unit, boolean counter) {
        if (unit == null || unit.isEmpty()) {
            return counter ? "1" : "";
        }
        switch (unit) {
            case "byte":
                return "By";
            case "kilobyte":
                return "kBy";
            case "megabyte":
                return "MBy";
            case "gigabyte":
                return "GBy";
            case "native":
            case "nanosecond":
                return "ns";
            case "microsecond":
                return "us";
            case "millisecond":
                return "ms";
            case "second":
                return "s";
            case "1":
                return "1";
            default:
                return unit.startsWith("{") ? unit : "{" + unit + "}";
        }
    }
}
