#!/usr/bin/env bash
# The total_run_queue_lengths measurement against the kernel's floor: the same /proc reads from C.
#
#   bash scripts/runqueue-bench.sh [THREAD_COUNTS]     (default "100 1000 10000")
#
# 1. Compiles benchmarks/src/main/c/procreads.c with gcc and runs it, for each thread count, in its two
#    modes: "sampled" makes the reads RunQueueMeasurement makes (its comment lists them), "full" reads
#    every task every poll. The C process gets JVM_TASKS (19) more threads than the JMH fork's parked
#    ones, so that both have as many tasks (the JVM's own threads; the JMH line "runqueue: N parked
#    threads, T tasks" shows T): the sampled reads, and which descriptors can be kept, depend on it.
# 2. Runs the JMH RunQueueBenchmark (the measurement, a plain-Java full scan, and
#    ThreadMXBean.getThreadInfo for contrast) with the same thread counts, with -prof safepoints.
# C and Java alternate per thread count, so load drifts hit both alike. Prints both outputs; the
# comparison is in docs/performance.md.
#
# Needs gcc and benchmarks/target/benchmarks.jar (mvn -B -pl benchmarks -am package -Dmaven.test.skip=true).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTS=${1:-"100 1000 10000"}
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
JVM_TASKS=${JVM_TASKS:-19}
OUT=${OUT:-/tmp/runqueue-bench}
mkdir -p "$OUT"
if [[ ! -f $BENCH_JAR ]]; then
  mvn -B -q -pl benchmarks -am package -Dmaven.test.skip=true
fi
gcc -O2 -Wall -pthread -o "$OUT/procreads" benchmarks/src/main/c/procreads.c

echo "runqueue-bench: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg), kernel $(uname -r)" >&2
echo "C: threads mode polls mean_us p50_us p99_us max_us files_per_poll us_per_file"
for n in $COUNTS; do
  "$OUT/procreads" $((n + JVM_TASKS)) sampled "$SECONDS_PER_RUN"
  "$OUT/procreads" $((n + JVM_TASKS)) full "$SECONDS_PER_RUN"
  java -jar "$BENCH_JAR" RunQueueBenchmark -p threads="$n" -prof safepoints -rf json -rff "$OUT/jmh-$n.json" \
    > "$OUT/jmh-$n.txt" 2>&1
  grep -m1 -o 'runqueue: .*' "$OUT/jmh-$n.txt" | sed 's/^/JMH: /'
  grep -E '^RunQueueBenchmark\.[a-zA-Z]+ |:p0.50 |:p0.99 |:p1.00 |safepoints.pause.count ' "$OUT/jmh-$n.txt" | sed 's/^/JMH: /'
  "$OUT/procreads" $((n + JVM_TASKS)) sampled "$SECONDS_PER_RUN" # again: the load may have moved meanwhile
done
echo "runqueue-bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
