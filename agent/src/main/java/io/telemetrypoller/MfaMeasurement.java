package io.telemetrypoller;

import io.telemetrypoller.Measurement;
import io.telemetrypoller.internal.ClassLocator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A custom measurement, Erlang's {@code {M, F, A}}: a public static method invoked every period, which
 * emits its own events with {@code Telemetry.execute}. Only a method that is both public and static, and
 * named in the configuration, is ever invoked. The class is looked up on the first poll, so a class the
 * application has not loaded yet at agent start is still found; a class or method that cannot be found
 * fails the measurement, which removes it (as an undefined function does in Erlang).
 */
public final class MfaMeasurement implements Measurement {
    private final String className;
    private final String methodName;
    private final List<Object> args;
    private volatile Class<?> resolvedClass;
    private volatile Method method;
    private volatile Object[] invokeArgs;

    private MfaMeasurement(String className, String methodName, List<?> args, Class<?> resolved) {
        this.className = className;
        this.methodName = methodName;
        this.args = Collections.unmodifiableList(new ArrayList<Object>(args));
        this.resolvedClass = resolved;
    }

    /** A measurement on a class the caller already holds. */
    public static MfaMeasurement of(Class<?> type, String method, List<?> args) {
        MfaMeasurement m = new MfaMeasurement(type.getName(), method, args, type);
        m.resolve(); // fail fast for code that names the class directly
        return m;
    }

    /** A measurement on a class found by name on the first poll. */
    public static MfaMeasurement named(String className, String method, List<?> args) {
        return new MfaMeasurement(className, method, args, null);
    }

    @Override
    public String name() {
        return "mfa:" + className + "#" + methodName;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    public List<Object> args() {
        return args;
    }

    @Override
    public void measure() throws Exception {
        Method m = method;
        if (m == null) {
            m = resolve();
        }
        try {
            m.invoke(null, invokeArgs);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    private Method resolve() {
        Class<?> type = resolvedClass;
        if (type == null) {
            type = ClassLocator.find(className);
            if (type == null) {
                throw new IllegalStateException("class " + className + " not found");
            }
            resolvedClass = type;
        }
        for (Method candidate : type.getMethods()) {
            if (!candidate.getName().equals(methodName)
                    || candidate.getParameterTypes().length != args.size()
                    || !Modifier.isStatic(candidate.getModifiers())
                    || !Modifier.isPublic(candidate.getModifiers())) {
                continue;
            }
            Object[] converted = ArgumentConverter.convert(args, candidate.getParameterTypes());
            if (converted != null) {
                candidate.setAccessible(true); // a public method of a non-public class
                invokeArgs = converted;
                method = candidate;
                return candidate;
            }
        }
        throw new IllegalStateException("no public static method " + methodName + " with "
                + args.size() + " argument(s) matching " + args + " in " + className);
    }
}
