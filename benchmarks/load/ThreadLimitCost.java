import io.telemetrypoller.proc.ThreadLimit;

/**
 * The cost of system_counts' thread limit: making a ThreadLimit with its first read (the cgroup found
 * once, then limits, threads-max and pids.max read), and get() averaged over many polls (a read every
 * 16th). Run against the agent's classes:
 *   javac -cp agent/target/classes -d /tmp/tl benchmarks/load/ThreadLimitCost.java
 *   java -cp agent/target/classes:/tmp/tl ThreadLimitCost
 */
public final class ThreadLimitCost {
    public static void main(String[] args) {
        long sink = 0;
        int n = 200_000;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += new ThreadLimit().get();
            }
            long made = (System.nanoTime() - start) / n;
            ThreadLimit kept = new ThreadLimit();
            start = System.nanoTime();
            for (int i = 0; i < n * 16; i++) {
                sink += kept.get();
            }
            long polled = (System.nanoTime() - start) / (n * 16L);
            System.out.println("made + first read: " + made + " ns; get() over 16 polls: " + polled + " ns (" + (sink & 1) + ")");
        }
    }
}
