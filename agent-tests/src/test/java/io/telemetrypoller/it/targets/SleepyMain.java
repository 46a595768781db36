package io.telemetrypoller.it.targets;

/** A trivial host: sleeps the given milliseconds, prints a marker, returns from main. */
public final class SleepyMain {
    public static void main(String[] args) throws Exception {
        Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 200);
        System.out.println("host main done");
    }
}
