package io.telemetrypoller.internal;

import java.lang.instrument.Instrumentation;

/**
 * Finds an application class by name without assuming which loader holds it: the system loader
 * (plain {@code java -jar} apps), the thread's context loader, and then, when the agent has an
 * {@link Instrumentation}, every class the JVM has loaded (application servers load webapp classes in
 * child loaders the agent cannot name).
 */
public final class ClassLocator {
    private static volatile Instrumentation instrumentation;

    private ClassLocator() {
    }

    public static void setInstrumentation(Instrumentation inst) {
        instrumentation = inst;
    }

    public static Instrumentation instrumentation() {
        return instrumentation;
    }

    /** The class, or null if no loader the agent can see has it. */
    public static Class<?> find(String className) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        try {
            return Class.forName(className, true, system);
        } catch (ClassNotFoundException | LinkageError ignored) {
            // try the others
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != system) {
            try {
                return Class.forName(className, true, context);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // try the loaded classes
            }
        }
        Instrumentation inst = instrumentation;
        if (inst != null) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(className)) {
                    return c;
                }
            }
        }
        return null;
    }
}
