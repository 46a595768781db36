package io.telemetrypoller.measurement;

import java.lang.management.OperatingSystemMXBean;

/**
 * The {@code com.sun.management} extensions of the OS bean, read only when the bean implements them.
 * Every answer is -1 when unknown. The interfaces are named only inside {@link Direct}, which is loaded
 * only once they are known to exist, so a JVM without them (not HotSpot-derived) never sees a
 * {@code NoClassDefFoundError}.
 */
final class OsBean {
    private static final boolean AVAILABLE = exists("com.sun.management.OperatingSystemMXBean");
    private static final boolean UNIX_AVAILABLE = AVAILABLE && exists("com.sun.management.UnixOperatingSystemMXBean");

    private OsBean() {
    }

    static long processCpuTime(OperatingSystemMXBean os) {
        return AVAILABLE ? Direct.processCpuTime(os) : -1;
    }

    static boolean isUnix(OperatingSystemMXBean os) {
        return UNIX_AVAILABLE && Direct.isUnix(os);
    }

    static long openFileDescriptors(OperatingSystemMXBean os) {
        return UNIX_AVAILABLE ? Direct.openFileDescriptors(os) : -1;
    }

    static long maxFileDescriptors(OperatingSystemMXBean os) {
        return UNIX_AVAILABLE ? Direct.maxFileDescriptors(os) : -1;
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, OperatingSystemMXBean.class.getClassLoader());
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static final class Direct {
        static long processCpuTime(OperatingSystemMXBean os) {
            return os instanceof com.sun.management.OperatingSystemMXBean
                    ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
        }

        static boolean isUnix(OperatingSystemMXBean os) {
            return os instanceof com.sun.management.UnixOperatingSystemMXBean;
        }

        static long openFileDescriptors(OperatingSystemMXBean os) {
            return isUnix(os) ? ((com.sun.management.UnixOperatingSystemMXBean) os).getOpenFileDescriptorCount() : -1;
        }

        static long maxFileDescriptors(OperatingSystemMXBean os) {
            return isUnix(os) ? ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount() : -1;
        }
    }
}
