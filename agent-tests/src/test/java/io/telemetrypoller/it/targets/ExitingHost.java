package io.telemetrypoller.it.targets;

/** A host that calls System.exit after the given milliseconds, whatever the agent is doing. */
public final class ExitingHost {
    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.parseLong(args[0]));
        System.exit(3);
    }
}
