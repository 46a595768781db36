#!/usr/bin/env bash
# The container measurement against C making the same reads (docs/performance.md).
#
#   bash scripts/container-bench.sh
#
# Finds the files the measurement reads in this shell's own cgroups (v1 here: memory, cpu, cpuacct; v2
# where only the unified hierarchy is mounted), runs benchmarks/src/main/c/cgroupreads.c on them, then the
# JMH ContainerBenchmark, then the C program again. C runs twice each time: alone (0 parked threads, the
# single-threaded floor) and with THREADS parked threads (default 19: a JVM running the measurement has 20
# threads here, JDK 17 and 25), as procreads.c runs beside the run queue's benchmark.
# Needs gcc and benchmarks/target/benchmarks.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/container-bench}
mkdir -p "$OUT"
gcc -O2 -Wall -pthread -o "$OUT/cgroupreads" benchmarks/src/main/c/cgroupreads.c
dir() { # controller -> this process's directory for it (v1), from /proc/self/cgroup and the mount point
  local path mnt
  path=$(awk -F: -v c="$1" '{n=split($2,a,","); for(i=1;i<=n;i++) if(a[i]==c) print $3}' /proc/self/cgroup)
  mnt=$(awk -v c="$1" '$0 ~ " - cgroup " && $NF ~ "(^|,)"c"(,|$)" {print $5}' /proc/self/mountinfo)
  [[ -n $mnt ]] && echo "$mnt${path%/}"
}
FILES=()
MEM=$(dir memory || true); CPU=$(dir cpu || true); ACCT=$(dir cpuacct || true)
if [[ -n $MEM ]]; then
  FILES+=("$MEM/memory.usage_in_bytes" "$MEM/memory.limit_in_bytes" "$MEM/memory.max_usage_in_bytes"
          "$MEM/memory.failcnt" "$MEM/memory.oom_control")
fi
if [[ -n $CPU ]]; then
  FILES+=("$CPU/cpu.cfs_quota_us" "$CPU/cpu.stat")
fi
if [[ -n $ACCT ]]; then
  FILES+=("$ACCT/cpuacct.usage")
fi
echo "container-bench: ${#FILES[@]} files: ${FILES[*]}" >&2
THREADS=${THREADS:-19}
c() { "$OUT/cgroupreads" 0 5 "${FILES[@]}"; "$OUT/cgroupreads" "$THREADS" 5 "${FILES[@]}"; }
c
java -jar benchmarks/target/benchmarks.jar ContainerBenchmark | grep -E '^ContainerBenchmark|^Benchmark'
c
