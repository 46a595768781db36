package io.telemetrypoller.it;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar: one self-contained jar, every third-party class relocated, Java 8 bytecode. */
class AgentJarIT {
    @Test
    void manifestNamesTheEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.telemetrypoller.agent.AgentEntry", a.getValue("Premain-Class"));
            assertEquals("io.telemetrypoller.agent.AgentEntry", a.getValue("Agent-Class"));
            assertEquals("io.telemetrypoller.cli.Cli", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"));
            assertTrue(a.getValue("Multi-Release") == null || a.getValue("Multi-Release").equals("false"));
        }
    }

    @Test
    void everyClassIsOursOrRelocatedAndJava8() throws Exception {
        List<String> outside = new ArrayList<>();
        List<String> tooNew = new ArrayList<>();
        int ours = 0;
        int shaded = 0;
        try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (name.startsWith("META-INF/versions/")) {
                    outside.add(name);
                }
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (!name.startsWith("io/telemetrypoller/")) {
                    outside.add(name);
                    continue;
                }
                int major = majorVersion(jar.getInputStream(e));
                if (name.startsWith("io/telemetrypoller/shaded/")) {
                    shaded++;
                    if (major > 52) {
                        tooNew.add(name + " " + major);
                    }
                } else {
                    ours++;
                    if (major != 52) {
                        tooNew.add(name + " " + major);
                    }
                }
            }
        }
        assertEquals(List.of(), outside, "classes outside io/telemetrypoller/");
        assertEquals(List.of(), tooNew, "classes newer than Java 8");
        assertTrue(ours > 20 && shaded > 100, ours + " own, " + shaded + " shaded");
    }

    @Test
    void bundledLibrariesAndServiceFilesAreRelocated() throws Exception {
        try (JarFile jar = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
            assertTrue(jar.getEntry("io/telemetrypoller/shaded/com/fasterxml/jackson/core/JsonFactory.class") != null);
            assertTrue(jar.getEntry("io/telemetrypoller/shaded/net/bytebuddy/jar/asm/ClassReader.class") != null);
            // minimized: of Byte Buddy proper only the ASM copy the weaver uses (every entry costs start-up)
            assertTrue(jar.getEntry("io/telemetrypoller/shaded/net/bytebuddy/ByteBuddy.class") == null);
            assertTrue(jar.getEntry("io/telemetrypoller/shaded/net/bytebuddy/agent/ByteBuddyAgent.class") != null);
            assertTrue(jar.getEntry("io/telemetrypoller/shaded/picocli/CommandLine.class") != null);
            Enumeration<JarEntry> entries = jar.entries();
            int services = 0;
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().startsWith("META-INF/services/") && !e.isDirectory()) {
                    services++;
                    String iface = e.getName().substring("META-INF/services/".length());
                    assertTrue(iface.startsWith("io.telemetrypoller."), "service file " + iface);
                    String body = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : body.split("\n")) {
                        String impl = line.trim();
                        if (!impl.isEmpty() && !impl.startsWith("#")) {
                            assertTrue(impl.startsWith("io.telemetrypoller."), iface + " -> " + impl);
                        }
                    }
                }
            }
            assertTrue(services >= 1, "jackson-core's JsonFactory service file is carried, relocated");
        }
    }

    private static int majorVersion(InputStream in) throws Exception {
        try (DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
