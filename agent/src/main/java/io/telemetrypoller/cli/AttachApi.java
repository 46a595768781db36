package io.telemetrypoller.cli;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK's Attach API ({@code com.sun.tools.attach.VirtualMachine}), reached by reflection: the agent
 * jar is compiled with {@code --release 8}, which cannot name it. Byte Buddy's {@code AttachmentProvider}
 * finds the class on every JDK: the {@code jdk.attach} module on 9+, {@code tools.jar} on 8, IBM's
 * variant on OpenJ9. Only public methods of the public API types are called, so no module needs opening.
 *
 * <p>Failures become {@link CliException}s with one line that says why, in the user's terms.
 */
final class AttachApi {
    private final Method list;
    private final Method attach;
    private final Method getSystemProperties;
    private final Method loadAgent;
    private final Method detach;
    private final Method descriptorId;
    private final Method descriptorDisplayName;

    private AttachApi(Class<?> vm, Class<?> descriptor) throws NoSuchMethodException {
        list = vm.getMethod("list");
        attach = vm.getMethod("attach", String.class);
        getSystemProperties = vm.getMethod("getSystemProperties");
        loadAgent = vm.getMethod("loadAgent", String.class, String.class);
        detach = vm.getMethod("detach");
        descriptorId = descriptor.getMethod("id");
        descriptorDisplayName = descriptor.getMethod("displayName");
    }

    static AttachApi load() throws CliException {
        String unavailable = "the Attach API is not available in this Java runtime ("
                + System.getProperty("java.home") + "): run this command with a JDK's java, or a runtime"
                + " with the jdk.attach module";
        try {
            ByteBuddyAgent.AttachmentProvider.Accessor accessor = ByteBuddyAgent.AttachmentProvider.DEFAULT.attempt();
            if (!accessor.isAvailable()) {
                throw new CliException(unavailable);
            }
            Class<?> vm = accessor.getVirtualMachineType();
            String name = vm.getName();
            if (!name.endsWith(".attach.VirtualMachine")) {
                throw new CliException(unavailable); // Byte Buddy's emulation: no list(), no system properties
            }
            String pkg = name.substring(0, name.length() - "VirtualMachine".length());
            Class<?> descriptor = Class.forName(pkg + "VirtualMachineDescriptor", false, vm.getClassLoader());
            return new AttachApi(vm, descriptor);
        } catch (CliException e) {
            throw e;
        } catch (Throwable t) {
            throw new CliException(unavailable + " (" + t + ")");
        }
    }

    /** A JVM that {@code VirtualMachine.list()} reports: this user's, attachable, with jvmstat data. */
    static final class Listed {
        final String pid;
        final String displayName;

        Listed(String pid, String displayName) {
            this.pid = pid;
            this.displayName = displayName;
        }
    }

    List<Listed> list() throws CliException {
        try {
            List<Listed> out = new ArrayList<>();
            for (Object d : (List<?>) list.invoke(null)) {
                out.add(new Listed((String) descriptorId.invoke(d), (String) descriptorDisplayName.invoke(d)));
            }
            return out;
        } catch (InvocationTargetException e) {
            throw new CliException("cannot list the running JVMs: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new CliException("cannot list the running JVMs: " + e);
        }
    }

    Target attach(String pid) throws CliException {
        try {
            return new Target(pid, attach.invoke(null, pid));
        } catch (InvocationTargetException e) {
            throw new CliException(Failures.attach(pid, e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new CliException("pid " + pid + ": cannot attach: " + e);
        }
    }

    /** An attached JVM; close it to detach. */
    final class Target implements AutoCloseable {
        final String pid;
        private final Object vm;

        private Target(String pid, Object vm) {
            this.pid = pid;
            this.vm = vm;
        }

        /** The JVM's current system properties, as {@code jcmd PID VM.system_properties} shows them. */
        Properties systemProperties() throws CliException {
            try {
                return (Properties) getSystemProperties.invoke(vm);
            } catch (InvocationTargetException e) {
                throw new CliException("pid " + pid + ": cannot read its system properties: "
                        + Failures.describe(e.getCause()));
            } catch (ReflectiveOperationException e) {
                throw new CliException("pid " + pid + ": cannot read its system properties: " + e);
            }
        }

        /** Loads the agent jar (again) with these arguments; returns once {@code agentmain} has run. */
        void loadAgent(String jar, String args) throws CliException {
            try {
                loadAgent.invoke(vm, jar, args);
            } catch (InvocationTargetException e) {
                throw new CliException(Failures.loadAgent(pid, jar, args, e.getCause()));
            } catch (ReflectiveOperationException e) {
                throw new CliException("pid " + pid + ": cannot load the agent: " + e);
            }
        }

        @Override
        public void close() {
            try {
                detach.invoke(vm);
            } catch (Exception ignored) {
                // detaching only closes our end
            }
        }
    }

    /** Attach API exceptions, in the user's terms. */
    static final class Failures {
        /** The longest argument HotSpot's attach protocol v1 accepts ("jar=options" for loadAgent). */
        static final int ATTACH_ARG_MAX = 1024;

        private Failures() {
        }

        static String attach(String pid, Throwable t) {
            String m = String.valueOf(t.getMessage());
            String type = t.getClass().getSimpleName();
            if (m.contains("does not support the attach mechanism")) {
                return "pid " + pid + " does not accept attach: it runs with -XX:+DisableAttachMechanism"
                        + " (start it with -javaagent instead, see docs/attach.md)";
            }
            if (m.contains("No such process") || m.contains("non existent JVM")) {
                return "no such process: " + pid;
            }
            if (m.contains("Operation not permitted") || m.contains("Permission denied")
                    || m.contains("owned by the current user") || m.contains("not secure")) {
                return "pid " + pid + " belongs to another user: the JVM accepts attach only from its own user"
                        + " (" + m + ")";
            }
            if (m.contains("doesn't respond") || m.contains("Unable to open socket file")) {
                return "pid " + pid + " did not answer the attach request: it is not a HotSpot JVM, or it runs"
                        + " with -Xrs or -XX:+DisableAttachMechanism, or in a container whose /tmp this"
                        + " command does not see";
            }
            if (type.equals("AttachNotSupportedException") && m.contains("Invalid process identifier")) {
                return "no such process: " + pid;
            }
            return "pid " + pid + ": cannot attach: " + describe(t);
        }

        static String loadAgent(String pid, String jar, String args, Throwable t) {
            String m = String.valueOf(t.getMessage());
            int length = jar.length() + 1 + args.length();
            if (length > ATTACH_ARG_MAX && t instanceof IOException) {
                return "pid " + pid + ": the options are too long for its attach protocol (" + length
                        + " characters with the jar's path; many JVMs take at most " + ATTACH_ARG_MAX
                        + "): put them in a file and attach with config=FILE";
            }
            if (m.contains("Dynamic agent loading is not enabled")) {
                return "pid " + pid + " refuses agents loaded at run time (-XX:-EnableDynamicAgentLoading):"
                        + " restart it with -XX:+EnableDynamicAgentLoading, or with -javaagent:" + jar;
            }
            if (t.getClass().getSimpleName().equals("AgentLoadException")) {
                return "pid " + pid + " could not load " + jar + ": " + m
                        + " (the JVM must be able to read this path: in another container, copy the jar inside)";
            }
            return "pid " + pid + ": loading the agent failed: " + describe(t);
        }

        static String describe(Throwable t) {
            if (t instanceof IOException && t.getMessage() != null) {
                return t.getMessage();
            }
            return String.valueOf(t);
        }
    }
}
