package io.telemetrypoller.it.targets;

/** Loads its worker class {@link Job} after the given milliseconds, then holds one instance that long again. */
public final class LateWorker {
    public static void main(String[] args) throws Exception {
        long ms = Long.parseLong(args[0]);
        Thread.sleep(ms);
        Job job = new Job();
        Thread.sleep(ms);
        System.out.println("done " + job.inbox.size());
    }

    public static final class Job {
        final java.util.concurrent.LinkedBlockingQueue<String> inbox = new java.util.concurrent.LinkedBlockingQueue<>();

        Job() {
            inbox.add("a");
            inbox.add("b");
        }
    }
}
