package io.telemetrypoller.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a file of the agent jar itself (a class file to weave or to define elsewhere) as bytes. */
final class OwnResources {
    private OwnResources() {
    }

    static byte[] read(String path) throws IOException {
        ClassLoader own = OwnResources.class.getClassLoader();
        try (InputStream in = own == null ? ClassLoader.getSystemResourceAsStream(path) : own.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(path + " is missing from the agent jar");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
            byte[] buf = new byte[2048];
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes.write(buf, 0, n);
            }
            return bytes.toByteArray();
        }
    }
}
