package io.telemetrypoller.instrument;

import io.telemetrypoller.registry.LiveInstances;

import io.telemetrypoller.instrument.hook.Hooks;
import io.telemetrypoller.internal.AgentLog;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Makes {@code ExecutorRelay} reachable from {@code ThreadPoolExecutor} and {@code ForkJoinPool}, which
 * are bootstrap classes and can link to nothing the agent's loader defines. The relay forwards to
 * {@link Hooks#RELAY_TARGET} through {@code java.util.function.ObjIntConsumer}, so the registries keep a
 * single copy in the agent's loader. Done once, the first time an executor class is woven:
 * <ul>
 *   <li>Java 9+: the relay is renamed {@code java.util.concurrent.TelemetryPollerRelay} and defined next to
 *       the executors, in {@code java.base}, with {@code MethodHandles.privateLookupIn(...).defineClass}
 *       (the agent first opens {@code java.util.concurrent} to itself with
 *       {@code Instrumentation.redefineModule}). Nothing is appended to the bootstrap class path, so class
 *       data sharing stays on and the JVM prints nothing.</li>
 *   <li>Java 8, or if that fails: a one-class jar appended with
 *       {@code Instrumentation.appendToBootstrapClassLoaderSearch}, written into a new directory only this
 *       user can read (so no other user can swap it) and deleted at exit. With class data sharing on,
 *       HotSpot then prints "Sharing is only supported for boot loader classes because bootstrap
 *       classpath has been appended" and stops sharing classes of the other loaders.</li>
 * </ul>
 * No agent class names the relay (it is set up by reflection), so the agent's loader never defines a
 * second copy of it.
 */
final class RelayInstaller {
    /** The relay as compiled; the class appended on Java 8. */
    static final String COMPILED = "io/telemetrypoller/instrument/bootstrap/ExecutorRelay";
    /** The relay defined inside java.base on Java 9+. */
    static final String IN_JAVA_BASE = "java/util/concurrent/TelemetryPollerRelay";

    /**
     * Tests only ({@code -Dtelemetry-poller.test.fault=unlinked}): install nothing, so the JDK classes' hook
     * calls fail to link and their guards must absorb it.
     */
    static volatile boolean skipForTest = InjectedFaults.requested("unlinked");

    private static volatile boolean ready;
    private static volatile String owner = modules() ? IN_JAVA_BASE : COMPILED;

    private RelayInstaller() {
    }

    /** True once the relay is installed and forwards to the hooks. */
    static boolean isReady() {
        return ready;
    }

    /** The internal name the woven executors call. */
    static String owner() {
        return owner;
    }

    /** Installs the relay if not done yet; false (reported once) if it cannot be. */
    static boolean ensure(Instrumentation inst) {
        if (ready) {
            return true;
        }
        synchronized (RelayInstaller.class) {
            if (ready) {
                return true;
            }
            if (skipForTest) {
                ready = true;
                LiveInstances.executorHooksInstalled();
                return true;
            }
            Class<?> relay = null;
            if (modules()) {
                try {
                    relay = defineInJavaBase(inst);
                } catch (Throwable t) {
                    AgentLog.debug("cannot define the executor relay in java.base, appending it to the boot class"
                            + " path instead: " + t);
                }
            }
            try {
                if (relay == null) {
                    relay = appendToBootClassPath(inst);
                    owner = COMPILED;
                }
                relay.getField("target").set(null, Hooks.RELAY_TARGET);
                ready = true;
                LiveInstances.executorHooksInstalled();
            } catch (Throwable t) {
                AgentLog.warnOnce("executor-relay", "cannot install the executor hook, executors are not"
                        + " instrumented: " + t);
            }
            return ready;
        }
    }

    private static boolean modules() {
        try {
            Class.class.getMethod("getModule");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Java 9+ APIs, reached by reflection: the agent is Java 8 bytecode. */
    private static Class<?> defineInJavaBase(Instrumentation inst) throws Exception {
        Class<?> anchor = ConcurrentHashMap.class; // loaded at boot, in java.util.concurrent like the executors
        Method getModule = Class.class.getMethod("getModule");
        Object javaBase = getModule.invoke(anchor);
        Object agent = getModule.invoke(RelayInstaller.class);
        Class<?> moduleType = Class.forName("java.lang.Module");
        Map<String, Set<Object>> opens = Collections.singletonMap("java.util.concurrent", Collections.singleton(agent));
        Instrumentation.class.getMethod("redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class,
                Map.class).invoke(inst, javaBase, Collections.emptySet(), Collections.emptyMap(), opens,
                Collections.emptySet(), Collections.emptyMap());
        Object lookup = MethodHandles.class.getMethod("privateLookupIn", Class.class, MethodHandles.Lookup.class)
                .invoke(null, anchor, MethodHandles.lookup());
        byte[] renamed = rename(OwnResources.read(COMPILED + ".class"), IN_JAVA_BASE);
        return (Class<?>) MethodHandles.Lookup.class.getMethod("defineClass", byte[].class).invoke(lookup, (Object) renamed);
    }

    private static byte[] rename(byte[] classfile, String to) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassRemapper(writer, new SimpleRemapper(COMPILED, to)), 0);
        return writer.toByteArray();
    }

    private static Class<?> appendToBootClassPath(Instrumentation inst) throws Exception {
        if (RelayInstaller.class.getClassLoader() != null) { // else the agent itself is on the boot class path
            Path dir = Files.createTempDirectory("telemetry-poller-");
            File jar = dir.resolve("executor-relay.jar").toFile();
            dir.toFile().deleteOnExit();
            jar.deleteOnExit(); // registered last, so deleted before its directory
            try (OutputStream file = Files.newOutputStream(jar.toPath());
                 JarOutputStream out = new JarOutputStream(file)) {
                out.putNextEntry(new ZipEntry(COMPILED + ".class"));
                out.write(OwnResources.read(COMPILED + ".class"));
                out.closeEntry();
            }
            try (JarFile jarFile = new JarFile(jar)) {
                inst.appendToBootstrapClassLoaderSearch(jarFile);
            }
        }
        return Class.forName(COMPILED.replace('/', '.'), true, null);
    }
}
