package io.telemetrypoller.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The terminal {@code top} draws on, with plain ANSI escapes and {@code stty}: no terminal library. A
 * full-screen view needs four things: keys without Enter (stty {@code -icanon -echo}), the window's size
 * ({@code stty size}, read again at each redraw and on {@code SIGWINCH}), the alternate screen, and the
 * old settings back on every exit. JLine 3 does these and much more (line editing, completion,
 * terminfo), at about 1 MB more in the agent jar; these four are some 150 lines. Interrupt stays on, so
 * Ctrl-C and a closed terminal (SIGHUP) end the JVM through its shutdown hooks, where {@link #restore}
 * runs.
 */
final class TopTerminal {
    static final int UP = 1001;
    static final int DOWN = 1002;
    static final int PAGE_UP = 1003;
    static final int PAGE_DOWN = 1004;
    /** Not a key: the window was resized. */
    static final int RESIZED = 1100;
    private static final File TTY = new File("/dev/tty");

    private final PrintStream out;
    private final String saved;
    private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
    private final AtomicBoolean restored = new AtomicBoolean();
    private int rows = 24;
    private int columns = 80;

    private TopTerminal(String saved) {
        this.saved = saved;
        this.out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    }

    /** Whether standard output and input are a terminal (JDK 22+: {@code Console.isTerminal()}). */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a console exists only on a terminal
        } catch (Exception e) {
            return false;
        }
    }

    /** Switches the terminal to keys-as-typed and the alternate screen; throws if stty cannot. */
    static TopTerminal open() throws CliException {
        String saved;
        try {
            saved = stty("-g").trim();
            stty("-icanon", "-echo", "min", "1", "time", "0");
        } catch (IOException e) {
            throw new CliException("cannot set up the terminal (" + e.getMessage() + "): use --once for a snapshot");
        }
        TopTerminal t = new TopTerminal(saved);
        t.readSize();
        t.out.print("\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J");
        t.out.flush();
        t.startKeyReader();
        t.onResize();
        return t;
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    /** Reads the window's size again; true if it changed. */
    boolean readSize() {
        try {
            String[] rc = stty("size").trim().split("\\s+");
            int r = Integer.parseInt(rc[0]);
            int c = Integer.parseInt(rc[1]);
            boolean changed = r != rows || c != columns;
            if (r > 0 && c > 0) {
                rows = r;
                columns = c;
            }
            return changed;
        } catch (IOException | RuntimeException e) {
            return false; // keep the last size
        }
    }

    /** Draws the lines from the top left, each line cleared to its end, the rest of the screen cleared. */
    void draw(List<String> lines, boolean unicode) {
        StringBuilder sb = new StringBuilder("\u001b[H");
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            sb.append(i == 0 ? "\u001b[7m" + TopView.pad(l, columns) + "\u001b[0m" : l).append("\u001b[K");
            if (i < lines.size() - 1) {
                sb.append("\r\n");
            }
        }
        sb.append("\u001b[J");
        byte[] bytes = sb.toString().getBytes(unicode ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    /** The next key within {@code millis}, or -1. */
    int nextKey(long millis) throws InterruptedException {
        Integer k = keys.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        return k == null ? -1 : k;
    }

    /** The terminal as it was: main screen, cursor, settings. Idempotent, from any thread. */
    void restore() {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        out.print("\u001b[?25h\u001b[?1049l");
        out.flush();
        try {
            stty(saved);
        } catch (IOException e) {
            // the terminal is gone (closed window): nothing to restore
        }
    }

    private void startKeyReader() {
        Thread reader = new Thread(new Runnable() {
            @Override
            public void run() {
                readKeys(System.in);
            }
        }, "telemetry-poller-top-keys");
        reader.setDaemon(true);
        reader.start();
    }

    private void readKeys(InputStream in) {
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 27) {
                    c = escape(in);
                }
                if (c >= 0) {
                    keys.add(c);
                }
            }
            keys.add((int) 'q'); // the terminal closed
        } catch (IOException e) {
            keys.add((int) 'q');
        }
    }

    /** After ESC: the arrows and page keys ({@code ESC [ A}, {@code ESC [ 5 ~}); -1 for others. */
    private static int escape(InputStream in) throws IOException {
        if (in.read() != '[') {
            return -1;
        }
        int c = in.read();
        switch (c) {
            case 'A':
                return UP;
            case 'B':
                return DOWN;
            case '5':
                in.read();
                return PAGE_UP;
            case '6':
                in.read();
                return PAGE_DOWN;
            default:
                return -1;
        }
    }

    /** On SIGWINCH, a redraw at once (HotSpot's sun.misc.Signal, reflectively; else the next tick's size check). */
    private void onResize() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, new InvocationHandler() {
                @Override
                public Object invoke(Object proxy, Method method, Object[] args) {
                    if (method.getName().equals("handle")) {
                        keys.add(RESIZED);
                    }
                    return null;
                }
            });
            signal.getMethod("handle", signal, handler).invoke(null,
                    signal.getConstructor(String.class).newInstance("WINCH"), h);
        } catch (Throwable t) {
            // no signal handling here: the size is read again each redraw
        }
    }

    /** Runs {@code stty ARGS} on the controlling terminal; its output. */
    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(TTY))
                .redirectErrorStream(true).start();
        byte[] buf = new byte[4096];
        int n = 0;
        InputStream in = p.getInputStream();
        int r;
        while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
            n += r;
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + ": " + new String(buf, 0, n, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
