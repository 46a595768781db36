package io.telemetrypoller.instrument;

import java.io.IOException;

/**
 * Weaves a worker-shaped sample class once and throws the result away, so that ASM's classes (about 30,
 * loaded and verified in 15-20 ms cold) are in place before the host loads its first configured worker
 * class: that thread then waits for the weaving alone (well under a millisecond warm) instead of for ASM.
 * Runs on the agent's start thread when worker classes are configured; nothing is registered.
 */
final class WeaverWarmUp {
    private static final String SAMPLE = "io/telemetrypoller/instrument/WeaverWarmUp$Sample.class";

    private WeaverWarmUp() {
    }

    static void run() throws IOException {
        byte[] woven = HookWeaver.weaveWorker(OwnResources.read(SAMPLE), 0);
        if (woven == null) {
            throw new IllegalStateException("the sample had nothing to hook");
        }
    }

    /** The shape of a worker: a constructor and a run() to hook. Only read as bytes, never loaded. */
    static final class Sample implements Runnable {
        private int runs;

        Sample() {
            runs = 1;
        }

        @Override
        public void run() {
            runs++;
        }
    }
}
