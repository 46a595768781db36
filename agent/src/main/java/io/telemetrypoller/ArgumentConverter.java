package io.telemetrypoller;

import java.util.List;

/** Converts configured {@code mfa} arguments (JSON strings, numbers, booleans) to a method's parameters. */
final class ArgumentConverter {
    private ArgumentConverter() {
    }

    /** The converted arguments, or null if they do not fit these parameter types. */
    static Object[] convert(List<Object> args, Class<?>[] types) {
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Object value = args.get(i);
            Object converted = convertOne(value, types[i]);
            if (converted == NO_FIT) {
                return null;
            }
            out[i] = converted;
        }
        return out;
    }

    private static final Object NO_FIT = new Object();

    private static Object convertOne(Object value, Class<?> type) {
        if (value == null) {
            return type.isPrimitive() ? NO_FIT : null;
        }
        if (type.isInstance(value)) {
            return value;
        }
        if (value instanceof Number) {
            Number n = (Number) value;
            if (type == int.class || type == Integer.class) {
                return n.intValue();
            }
            if (type == long.class || type == Long.class) {
                return n.longValue();
            }
            if (type == double.class || type == Double.class) {
                return n.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return n.floatValue();
            }
        }
        if (value instanceof Boolean && type == boolean.class) {
            return value;
        }
        if (type == String.class) {
            return String.valueOf(value);
        }
        return NO_FIT;
    }
}
