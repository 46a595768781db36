package io.telemetrypoller.it.workers.targets;

/** Loads no worker class: the start-up cost of {@code workers=} while the class is not loaded. */
public final class Idle {
    public static void main(String[] args) {
        System.out.println("idle");
    }
}
