package io.telemetrypoller.measurement.processinfo;

import io.telemetrypoller.config.WorkerSpec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * How the queue and the name of one worker class are read, found once by reflection:
 * <ul>
 *   <li>queue: the field named by the configuration ({@code "queue": "inbox"}), else the single instance
 *       field whose declared type is a {@link Queue}, else the single one that is a {@link Collection} or a
 *       {@link Map}; searched in the class and its superclasses (JDK superclasses only for a named field).
 *       None, or two candidates, means no {@code message_queue_len}, reported once with the reason. A named
 *       field of another type counts if its declared type has a public no-argument {@code size()} returning
 *       {@code int} or {@code long} (Tomcat's {@code SynchronizedQueue}); else the reason is reported.</li>
 *   <li>name: the field or else the no-argument method named by the configuration ({@code "name": "id"}),
 *       its value as a string; if unset, null or failing, the caller's default.</li>
 * </ul>
 * Reading calls no host code, except a configured name method and such a {@code size()} (on the poller
 * thread; what they throw is caught). Immutable.
 */
final class WorkerAccess {
    private final Field queue;
    /** The queue's {@code size()} when it is neither a Collection nor a Map, else null. */
    private final Method sizeMethod;
    private final Field nameField;
    private final Method nameMethod;
    private final String problem;

    private WorkerAccess(Field queue, Method sizeMethod, Field nameField, Method nameMethod, String problem) {
        this.queue = queue;
        this.sizeMethod = sizeMethod;
        this.nameField = nameField;
        this.nameMethod = nameMethod;
        this.problem = problem;
    }

    static WorkerAccess of(Class<?> type, WorkerSpec spec) {
        String queueName = spec == null ? null : spec.queue();
        String name = spec == null ? null : spec.name();
        List<String> problems = new ArrayList<>();
        Field queue = queueName != null ? namedField(type, queueName, true) : singleQueueField(type, problems);
        if (queueName != null && queue == null) {
            problems.add("no field '" + queueName + "'");
        }
        Field nameField = null;
        Method nameMethod = null;
        if (name != null) {
            nameField = namedField(type, name, true);
            nameMethod = nameField == null ? namedMethod(type, name) : null;
            if (nameField == null && nameMethod == null) {
                problems.add("no field or no-argument method '" + name + "' for the name");
            }
        }
        queue = accessible(queue, problems);
        Method sizeMethod = null;
        if (queue != null && !isCollectionOrMap(queue.getType())) {
            sizeMethod = sizeMethod(queue, problems);
            if (sizeMethod == null) {
                queue = null;
            }
        }
        nameField = accessible(nameField, problems);
        if (nameMethod != null) {
            try {
                nameMethod.setAccessible(true);
            } catch (RuntimeException e) {
                problems.add("cannot read " + nameMethod.getName() + "(): " + e);
                nameMethod = null;
            }
        }
        return new WorkerAccess(queue, sizeMethod, nameField, nameMethod, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Why something configured or expected cannot be read, or null. */
    String problem() {
        return problem;
    }

    /** The queue object (a Collection, a Map, or one with a {@code size()}), or null. */
    Object queue(Object instance) {
        if (queue == null) {
            return null;
        }
        try {
            Object q = queue.get(instance);
            return sizeMethod != null || q instanceof Collection || q instanceof Map ? q : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /** The configured name of the instance, or null. */
    String name(Object instance) {
        try {
            Object v = nameField != null ? nameField.get(instance)
                    : nameMethod != null ? nameMethod.invoke(instance) : null;
            return v == null ? null : String.valueOf(v);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Elements in a queue that {@link #queue} returned, or null if its {@code size()} failed. */
    Number length(Object queue) {
        if (queue instanceof Collection || queue instanceof Map) {
            return size(queue);
        }
        try {
            Object n = sizeMethod.invoke(queue);
            return n instanceof Number ? (Number) n : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /** Elements in a Collection or a Map; 0 for any other object (its elements cannot be listed). */
    static int size(Object queue) {
        return queue instanceof Collection ? ((Collection<?>) queue).size()
                : queue instanceof Map ? ((Map<?, ?>) queue).size() : 0;
    }

    private static boolean isCollectionOrMap(Class<?> t) {
        return Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t);
    }

    /** The public {@code int}/{@code long size()} of the field's declared type, or null with the reason. */
    private static Method sizeMethod(Field f, List<String> problems) {
        Class<?> t = f.getType();
        Method m = null;
        try {
            m = t.isPrimitive() || t.isArray() ? null : t.getMethod("size");
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            m = null;
        }
        if (m == null || Modifier.isStatic(m.getModifiers())
                || (m.getReturnType() != int.class && m.getReturnType() != long.class)) {
            problems.add("field '" + f.getName() + "' is a " + t.getName()
                    + ": neither a Collection nor a Map, and no public size() returning int or long");
            return null;
        }
        try {
            m.setAccessible(true); // a public method of a class that is not public (a nested queue class)
        } catch (RuntimeException e) {
            problems.add("cannot call " + t.getName() + ".size() of field '" + f.getName() + "': " + e);
            return null;
        }
        return m;
    }

    private static Field namedField(Class<?> type, String name, boolean includeJdk) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!includeJdk && isJdk(c)) {
                break;
            }
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Field singleQueueField(Class<?> type, List<String> problems) {
        List<Field> queues = new ArrayList<>();
        List<Field> collections = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class && !isJdk(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Class<?> t = f.getType();
                if (Queue.class.isAssignableFrom(t)) {
                    queues.add(f);
                }
                if (Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)) {
                    collections.add(f);
                }
            }
        }
        if (queues.size() == 1) {
            return queues.get(0);
        }
        List<Field> candidates = queues.isEmpty() ? collections : queues;
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            problems.add("no Queue, Collection or Map field");
        } else {
            List<String> names = new ArrayList<>();
            for (Field f : candidates) {
                names.add(f.getName());
            }
            problems.add("several queue fields (" + String.join(", ", names) + "): name one with \"queue\"");
        }
        return null;
    }

    private static Method namedMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterTypes().length == 0
                        && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Field accessible(Field f, List<String> problems) {
        if (f == null) {
            return null;
        }
        try {
            f.setAccessible(true);
            return f;
        } catch (RuntimeException e) { // InaccessibleObjectException: a named module that does not open it
            problems.add("cannot read field '" + f.getName() + "': " + e);
            return null;
        }
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }
}
