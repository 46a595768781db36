package io.telemetrypoller.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Defines given classes from given (woven) bytes, child first; asks its parent for everything else. */
final class WovenLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    WovenLoader(ClassLoader parent) {
        super(parent);
    }

    WovenLoader with(String name, byte[] bytes) {
        classes.put(name, bytes);
        return this;
    }

    @Override
    protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            if (getParent() == null) {
                return Class.forName(name, resolve, null); // the bootstrap loader: JDK classes only
            }
            return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        if (c == null) {
            c = defineClass(name, bytes, 0, bytes.length);
        }
        if (resolve) {
            resolveClass(c);
        }
        return c;
    }

    static byte[] bytesOf(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
