package io.telemetrypoller.it.workers.targets;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Creates 5 {@link TinyWorker}s with 3 queued messages each, holds them for a while, drops them and
 * collects garbage until its own weak reference to one of them clears (so nothing else, the agent
 * included, holds it), waits, then creates 2 more. Prints {@code created T}, {@code collected T},
 * {@code recreated T} (T = System.currentTimeMillis()) as each phase starts.
 * Usage: {@code CollectTarget HOLD_MS GONE_MS AGAIN_MS}.
 */
public final class CollectTarget {
    public static final class TinyWorker {
        final Queue<String> queue = new ConcurrentLinkedQueue<>();

        TinyWorker(int messages) {
            for (int i = 0; i < messages; i++) {
                queue.add("message " + i);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long hold = Long.parseLong(args[0]);
        long gone = Long.parseLong(args[1]);
        long again = Long.parseLong(args[2]);
        List<TinyWorker> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(new TinyWorker(3));
        }
        say("created");
        Thread.sleep(hold);
        WeakReference<TinyWorker> probe = new WeakReference<>(held.get(0));
        held.clear();
        long deadline = System.currentTimeMillis() + 20_000;
        while (probe.get() != null && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        if (probe.get() != null) {
            say("still-reachable");
            System.exit(3);
        }
        say("collected");
        Thread.sleep(gone);
        List<TinyWorker> more = new ArrayList<>();
        more.add(new TinyWorker(1));
        more.add(new TinyWorker(2));
        say("recreated");
        Thread.sleep(again);
        System.out.println("done " + more.size());
    }

    private static void say(String phase) {
        System.out.println(phase + " " + System.currentTimeMillis());
        System.out.flush();
    }
}
