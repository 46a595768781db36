package io.telemetrypoller.metrics;

/**
 * The units that can be converted, as in {@code Telemetry.Metrics}: bytes in decimal multiples
 * ({@code byte -> kilobyte} divides by 1000) and time. {@code native} is the unit of
 * {@link System#nanoTime()}, so it means nanoseconds. Any other unit name (e.g. {@code request}) is
 * allowed on a metric as a plain name that converts to nothing.
 *
 * <p>Each unit is a power of ten of its base unit (byte or second), so a conversion is one exact
 * multiplication or division by a power of ten: 1500 ms is exactly 1.5 s.
 */
public enum Unit {
    BYTE("byte", Dimension.BYTES, 0),
    KILOBYTE("kilobyte", Dimension.BYTES, 3),
    MEGABYTE("megabyte", Dimension.BYTES, 6),
    GIGABYTE("gigabyte", Dimension.BYTES, 9),
    NANOSECOND("nanosecond", Dimension.TIME, -9),
    MICROSECOND("microsecond", Dimension.TIME, -6),
    MILLISECOND("millisecond", Dimension.TIME, -3),
    SECOND("second", Dimension.TIME, 0);

    /** What a unit measures; conversion stays within one dimension. */
    public enum Dimension { BYTES, TIME }

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
        1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    private final String configName;
    private final Dimension dimension;
    private final int exponent;

    Unit(String configName, Dimension dimension, int exponent) {
        this.configName = configName;
        this.dimension = dimension;
        this.exponent = exponent;
    }

    public String configName() {
        return configName;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** One of this unit is 10^exponent bytes or seconds: {@code MEGABYTE} is 6, {@code MILLISECOND} -3. */
    public int exponent() {
        return exponent;
    }

    /** The known unit of this name ({@code native} is {@code nanosecond}), or null. */
    public static Unit find(String name) {
        if ("native".equals(name)) {
            return NANOSECOND;
        }
        for (Unit u : values()) {
            if (u.configName.equals(name)) {
                return u;
            }
        }
        return null;
    }

    /** True if a value in {@code from} can be converted to {@code to} (same name, or same dimension). */
    public static boolean convertible(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        Unit f = find(from);
        Unit t = find(to);
        return f != null && t != null && f.dimension == t.dimension;
    }

    /** The power of ten that takes a value in {@code from} to {@code to}: byte to kilobyte is -3. */
    public static int shift(String from, String to) {
        if (from.equals(to)) {
            return 0;
        }
        return find(from).exponent - find(to).exponent;
    }

    /** {@code value * 10^shift}, exact for the powers of ten involved. */
    public static double scale(double value, int shift) {
        if (shift == 0) {
            return value;
        }
        return shift > 0 ? value * POWERS[shift] : value / POWERS[-shift];
    }
}
