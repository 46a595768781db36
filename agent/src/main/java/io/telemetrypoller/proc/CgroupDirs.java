package io.telemetrypoller.proc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the process's own cgroup directory for each controller by joining {@code /proc/self/cgroup}
 * ({@code id:controllers:path}; v2 is {@code 0::path}) with {@code /proc/self/mountinfo} (v1 mounts of
 * fstype {@code cgroup} name their controllers in the super options; v2 is fstype {@code cgroup2}).
 * A mount's root other than {@code /} (a cgroup namespace, a container's bind mount) is stripped from the
 * cgroup path before it is joined to the mount point. Part of issue 17 (the {@code container} measurement).
 */
public final class CgroupDirs {
    /** The key of the unified (v2) hierarchy in {@link #resolve}'s result. */
    public static final String UNIFIED = "";

    private CgroupDirs() {
    }

    /** This process's directories, from {@code procSelf}'s {@code cgroup} and {@code mountinfo}. */
    public static Map<String, String> of(File procSelf) throws IOException {
        return resolve(read(new File(procSelf, "cgroup")), read(new File(procSelf, "mountinfo")));
    }

    private static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }

    /** Controller name (or {@link #UNIFIED}) to directory; controllers not mounted are absent. */
    public static Map<String, String> resolve(String procSelfCgroup, String mountinfo) {
        Map<String, String[]> mounts = new HashMap<>(); // controller -> {root, mount point}
        for (String line : mountinfo.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = indexOf(f, "-");
            if (dash < 5 || dash + 3 >= f.length + 1 || dash + 1 >= f.length) {
                continue;
            }
            String fstype = f[dash + 1];
            String[] where = {f[3], f[4]};
            if ("cgroup2".equals(fstype)) {
                mounts.put(UNIFIED, where);
            } else if ("cgroup".equals(fstype) && dash + 3 < f.length) {
                for (String opt : f[dash + 3].split(",")) {
                    mounts.putIfAbsent(opt, where);
                }
            }
        }
        Map<String, String> dirs = new HashMap<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.trim().split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String[] controllers = f[1].isEmpty() ? new String[] {UNIFIED} : f[1].split(",");
            for (String c : controllers) {
                String key = c;
                String[] where = mounts.get(key);
                if (where != null) {
                    dirs.put(key, join(where[1], relative(f[2], where[0])));
                }
            }
        }
        return dirs;
    }

    private static String relative(String path, String root) {
        if (root.equals("/") || !path.startsWith(root)) {
            return path;
        }
        String rest = path.substring(root.length());
        return rest.isEmpty() ? "/" : rest;
    }

    private static String join(String mountPoint, String path) {
        return path.equals("/") ? mountPoint : mountPoint + path;
    }

    private static int indexOf(String[] f, String s) {
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }
}
