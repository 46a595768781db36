package io.telemetrypoller.measurement;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MXBeans for tests: a proxy answering only the methods it is given (a {@link Supplier} is asked on each
 * call), and throwing on any other, so a test also proves which methods a measurement never calls.
 */
final class FakeBeans {
    private FakeBeans() {
    }

    /** {@code answers}: method name, value, method name, value, ... */
    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Object... answers) {
        return (T) proxy(new Class<?>[] {type}, answers);
    }

    static Object proxy(Class<?>[] types, Object... answers) {
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < answers.length; i += 2) {
            byName.put((String) answers[i], answers[i + 1]);
        }
        return Proxy.newProxyInstance(FakeBeans.class.getClassLoader(), types, (proxy, method, args) -> {
            String name = method.getName();
            if (byName.containsKey(name)) {
                Object v = byName.get(name);
                return v instanceof Supplier ? ((Supplier<?>) v).get() : v;
            }
            switch (name) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "fake " + types[0].getSimpleName();
                default:
                    throw new UnsupportedOperationException(types[0].getSimpleName() + "." + name
                            + " must not be called");
            }
        });
    }
}
