#!/usr/bin/env bash
# Steady-state cost of telemetry-poller: CPU time of an idle host, and heap allocated per poll.
#
#   bash scripts/steady-state.sh [SECONDS]      (default 60)
#
# 1. CPU. Starts, side by side, three example-target JVMs (no agent; period=1000; period=10) and three
#    JVMs of an idle main that only sleeps (the same three configurations), the agent with its default
#    options otherwise (sink stdout, to /dev/null). After a 10 s warm-up (start-up, JIT) it reads each
#    process's utime+stime from /proc/PID/stat, and the agent's own threads' (comm "telemetry-pol...")
#    from /proc/PID/task/TID/schedstat (ns), waits SECONDS, reads again and prints the CPU spent in the window as a
#    share of one core. The example-target does real work (workers, a pool, churn), so its process
#    figures carry that work's noise; the agent threads' own CPU is exact, and the idle main shows what
#    the whole process pays (GC and JIT work caused by the agent included). The target: under 0.1% of one
#    core at period=1000.
# 2. Allocation per poll, from HotSpot's per-thread allocation counter: the default measurements into a
#    no-op handler, and the agent's poller thread at period=10 with each sink (io.telemetrypoller.bench.AllocationPerPoll).
#
# Needs the jars: mvn -B -pl benchmarks -am package -Dmaven.test.skip=true (built here when missing).
# Environment: JAVA (default java), WORK (default /tmp/steady-state), WARMUP (seconds before the window,
# default 10), AGENT_JAR, EXAMPLE_JAR, BENCH_JAR (default: the jars under */target); EXTRA_AGENT_JAR (and
# EXTRA_NAME) adds an idle JVM at period=1000 with another build of the agent, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_WINDOW=${1:-60}
WARMUP=${WARMUP:-10}
JAVA=${JAVA:-java}
WORK=${WORK:-/tmp/steady-state}
AGENT_JAR=${AGENT_JAR:-$ROOT/agent/target/telemetry-poller.jar}
EXAMPLE_JAR=${EXAMPLE_JAR:-$ROOT/example-target/target/example-target.jar}
BENCH_JAR=${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}
mkdir -p "$WORK"
if [[ ! -f $AGENT_JAR || ! -f $EXAMPLE_JAR || ! -f $BENCH_JAR ]]; then
  mvn -B -q -pl agent,example-target,benchmarks -am package -Dmaven.test.skip=true
fi
CLK_TCK=$(getconf CLK_TCK)

cat > "$WORK/Idle.java" <<'EOF'
public class Idle {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1000L);
    }
}
EOF
javac --release 8 -d "$WORK" "$WORK/Idle.java"

# utime+stime (clock ticks) of a /proc stat line; the fields after the ')' that ends comm
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2>/dev/null || echo 0; }
agent_ns() { # CPU nanoseconds of the agent's threads of process $1 (schedstat's first field: exact)
  local pid=$1 sum=0 t
  for t in /proc/"$pid"/task/*; do
    if [[ $(cat "$t/comm" 2>/dev/null) == telemetry-pol* ]]; then
      sum=$(( sum + $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0) ))
    fi
  done
  echo "$sum"
}

NAMES=(); PIDS=()
start() { # name, java args...
  local name=$1; shift
  "$JAVA" "$@" >/dev/null 2>"$WORK/${#NAMES[@]}.err" &
  NAMES+=("$name"); PIDS+=("$!")
}
LIFE=$(( WARMUP + SECONDS_WINDOW + 5 ))
echo "steady-state: $SECONDS_WINDOW s window after ${WARMUP} s, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start "example-target, no agent" -jar "$EXAMPLE_JAR" --quiet --seconds "$LIFE"
start "example-target, period=1000" -javaagent:"$AGENT_JAR"=period=1000 -jar "$EXAMPLE_JAR" --quiet --seconds "$LIFE"
start "example-target, period=10" -javaagent:"$AGENT_JAR"=period=10 -jar "$EXAMPLE_JAR" --quiet --seconds "$LIFE"
start "idle main, no agent" -cp "$WORK" Idle "$LIFE"
start "idle main, period=1000" -javaagent:"$AGENT_JAR"=period=1000 -cp "$WORK" Idle "$LIFE"
start "idle main, period=10" -javaagent:"$AGENT_JAR"=period=10 -cp "$WORK" Idle "$LIFE"
if [[ -n ${EXTRA_AGENT_JAR:-} ]]; then # another build side by side, e.g. an older one
  start "idle main, period=1000, ${EXTRA_NAME:-$EXTRA_AGENT_JAR}" -javaagent:"$EXTRA_AGENT_JAR"=period=1000 -cp "$WORK" Idle "$LIFE"
fi
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT

sleep "$WARMUP"
for i in "${!PIDS[@]}"; do # an agent that did not start would make its row meaningless
  if grep -q 'telemetry-poller: .*fail' "$WORK/$i.err"; then
    echo "steady-state: ${NAMES[$i]}: $(grep 'telemetry-poller:' "$WORK/$i.err" | head -n 1)" >&2
  fi
done
declare -a P0 A0 P1 A1
for i in "${!PIDS[@]}"; do P0[$i]=$(ticks /proc/"${PIDS[$i]}"/stat); A0[$i]=$(agent_ns "${PIDS[$i]}"); done
T0=$EPOCHREALTIME
sleep "$SECONDS_WINDOW"
for i in "${!PIDS[@]}"; do P1[$i]=$(ticks /proc/"${PIDS[$i]}"/stat); A1[$i]=$(agent_ns "${PIDS[$i]}"); done
T1=$EPOCHREALTIME
echo "steady-state: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo
echo "| process ($SECONDS_WINDOW s window) | process CPU | share of one core | added over no agent | agent threads' CPU | agent threads' share |"
echo "|---|---|---|---|---|---|"
for i in "${!PIDS[@]}"; do
  base=$(( i < 3 ? 0 : 3 ))
  awk -v name="${NAMES[$i]}" -v p=$(( P1[i] - P0[i] )) -v b=$(( P1[base] - P0[base] )) -v a=$(( A1[i] - A0[i] )) \
      -v hz="$CLK_TCK" -v t0="$T0" -v t1="$T1" -v isbase=$(( i == base )) 'BEGIN {
    wall = t1 - t0; ms = p * 1000 / hz; bms = b * 1000 / hz; ams = a / 1e6;
    added = isbase ? "-" : sprintf("%+.0f ms (%+.3f%%)", ms - bms, (ms - bms) / 10 / wall);
    agent = isbase ? "-" : sprintf("%.1f ms", ams);
    ashare = isbase ? "-" : sprintf("%.3f%%", ams / 10 / wall);
    printf "| %s | %.0f ms | %.3f%% | %s | %s | %s |\n", name, ms, ms / 10 / wall, added, agent, ashare }'
done
echo
echo "(Process CPU from /proc/PID/stat at $CLK_TCK ticks/s: a resolution of $(( 1000 / CLK_TCK )) ms per reading; the agent threads' from their schedstat, in ns.)"

# --- allocation per poll --------------------------------------------------------------------------
STATSD_PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# the harness alone on the class path, so that the agent's classes come from the agent's jar
rm -rf "$WORK/harness"; mkdir -p "$WORK/harness"
(cd "$WORK/harness" && unzip -q -o "$BENCH_JAR" 'io/telemetrypoller/bench/AllocationPerPoll*')
echo
echo "| allocation per poll | bytes | poller thread CPU per poll |"
echo "|---|---|---|"
line=$("$JAVA" -cp "$WORK/harness:$AGENT_JAR" io.telemetrypoller.bench.AllocationPerPoll measurements 20000)
echo "| default measurements into a no-op handler ($(sed 's/.*polls, //; s/, .*//' <<<"$line")) | $(sed 's/.* \([0-9]*\) bytes\/poll/\1/' <<<"$line") | - |"
for sink in "stdout" "statsd://127.0.0.1:$STATSD_PORT" "prometheus://127.0.0.1:0"; do
  line=$("$JAVA" -javaagent:"$AGENT_JAR"=period=10,sink="$sink" -cp "$WORK/harness" \
      io.telemetrypoller.bench.AllocationPerPoll agent 10 2>&1 >/dev/null | grep '^agent:' || true)
  echo "| agent poller thread, period=10, sink=${sink%%:*} ($(sed 's/agent: //; s/ in .*//' <<<"$line")) | $(sed 's/.* \([0-9]*\) bytes\/poll.*/\1/' <<<"$line") | $(sed 's/.* \([0-9]*\) us CPU.*/\1/' <<<"$line") us |"
done
# the same poll when it runs once a second: colder code and caches
line=$("$JAVA" -javaagent:"$AGENT_JAR"=period=1000 -cp "$WORK/harness" \
    io.telemetrypoller.bench.AllocationPerPoll agent "$SECONDS_WINDOW" 2>&1 >/dev/null | grep '^agent:' || true)
echo "| agent poller thread, period=1000, sink=stdout ($(sed 's/agent: //; s/ in .*//' <<<"$line")) | $(sed 's/.* \([0-9]*\) bytes\/poll.*/\1/' <<<"$line") | $(sed 's/.* \([0-9]*\) us CPU.*/\1/' <<<"$line") us |"
