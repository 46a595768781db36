#!/usr/bin/env bash
# What `top` costs the JVM it watches (docs/performance.md, "top"): the CPU of the two threads that
# work for it there, the agent's feed (telemetry-poller-top) and the JVM's Attach Listener (which answers
# each read of the system properties), over a window of a live session in tmux at the default interval.
#
#   bash scripts/top-cost.sh [SECONDS]       (after mvn -B -pl agent,example-target -am package -DskipTests)
#
# Two targets (ONLY=without or ONLY=with for one), example-target without the agent and with it (workers
# and executors on), each watched for
# SECONDS (default 120) after a warm-up of WARMUP seconds (default 30). The threads' CPU is read from /proc/PID/task/TID/stat
# (utime + stime, clock ticks) at the start and the end of the window.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_WINDOW=${1:-120}
WARMUP=${WARMUP:-30}
AGENT=agent/target/telemetry-poller.jar
EXAMPLE=example-target/target/example-target.jar
TICK=$(getconf CLK_TCK)
SOCK=top-cost-$$-${WARMUP}

tid_of() { # pid "thread name" -> its native id, from a thread dump (comm is cut at 15 characters)
  local nid  # nid=0x1a2b up to JDK 17, nid=6699 (decimal) from JDK 19
  nid=$(jcmd "$1" Thread.print | grep "^\"$2\"" | grep -o 'nid=[0-9a-fx]*' | head -1 | cut -c5-)
  if [[ $nid == 0x* ]]; then echo $((16#${nid#0x})); else echo "$nid"; fi
}

ticks() { # pid tid -> utime + stime of that thread, in ticks
  awk '{sub(/^.*\) /, ""); print $12 + $13}' /proc/"$1"/task/"$2"/stat
}

measure() { # label, java args...
  local label=$1; shift
  java "$@" -jar "$EXAMPLE" --seconds $((SECONDS_WINDOW + WARMUP + 30)) --quiet >/dev/null 2>&1 &
  local pid=$!
  sleep 3
  tmux -L "$SOCK" new-session -d -s top -x 120 -y 45 "java -jar $AGENT top $pid"
  sleep "$WARMUP"
  local feed attach feed0 attach0 feed1 attach1 proc0 proc1
  feed=$(tid_of $pid telemetry-poller-top)
  attach=$(tid_of $pid "Attach Listener")
  feed0=$(ticks $pid $feed); attach0=$(ticks $pid $attach)
  proc0=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' /proc/$pid/stat)
  sleep "$SECONDS_WINDOW"
  feed1=$(ticks $pid $feed); attach1=$(ticks $pid $attach)
  proc1=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' /proc/$pid/stat)
  tmux -L "$SOCK" send-keys -t top q
  sleep 2
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  awk -v l="$label" -v f=$((feed1 - feed0)) -v a=$((attach1 - attach0)) -v p=$((proc1 - proc0)) -v t="$TICK" \
      -v s="$SECONDS_WINDOW" 'BEGIN {
    printf "%-36s feed %4.0f ms + Attach Listener %4.0f ms CPU in %d s = %.3f%% of a core (the whole process: %.1f%%)\n",
           l, f * 1000 / t, a * 1000 / t, s, (f + a) * 100 / t / s, p * 100 / t / s }'
}

echo "top-cost: $SECONDS_WINDOW s a target, after a ${WARMUP} s warm-up; $(nproc) cores; $(java -version 2>&1 | head -1)"
WITH_AGENT=(-javaagent:$AGENT=workers=io.telemetrypoller.example.OrderWorker+io.telemetrypoller.example.Mailer,executors=true,period=5000,sink=file:/dev/null)
[[ ${ONLY:-} != with ]] && measure "without the agent"
[[ ${ONLY:-} != without ]] && measure "with the agent (workers, executors)" "${WITH_AGENT[@]}"
exit 0
