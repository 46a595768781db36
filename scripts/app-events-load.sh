#!/usr/bin/env bash
# Application events from 8 threads into the file and Prometheus sinks, whole process, side by side in
# one run: no agent, this checkout's agent jar, and an agent jar built from an earlier commit.
#   bash scripts/app-events-load.sh [BEFORE_COMMIT] [EVENTS_PER_THREAD] [ROUNDS]
# Builds this checkout's jar if missing and the earlier one in a temporary worktree. Each run is cut at
# 300 s (reported as "timeout"). Prints one line per run: agent, sink, wall time of the calls.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-24a5d89}
EVENTS=${2:-1000000}
ROUNDS=${3:-3}
THREADS=8
WORK=$(mktemp -d)
trap 'git worktree remove --force "$WORK/before-src" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

[ -f agent/target/telemetry-poller.jar ] || mvn -B -q -o -pl agent -DskipTests package
cp agent/target/telemetry-poller.jar "$WORK/after.jar"
git worktree add -q --detach "$WORK/before-src" "$BEFORE"
(cd "$WORK/before-src" && mvn -B -q -o -pl agent -DskipTests package)
cp "$WORK/before-src/agent/target/telemetry-poller.jar" "$WORK/before.jar"
mkdir -p "$WORK/classes"
javac --release 8 -nowarn -cp "$WORK/after.jar" -d "$WORK/classes" benchmarks/load/AppEventsLoad.java

run() { # label jar options
  local label=$1 jar=$2 options=$3 agent=()
  [ -n "$jar" ] && agent=("-javaagent:$jar=$options")
  rm -f "$WORK/events.jsonl"
  local out
  out=$(timeout 300 java -Xmx1g "${agent[@]}" -cp "$WORK/classes:${jar:-$WORK/after.jar}" AppEventsLoad $THREADS "$EVENTS" 2>/dev/null | tail -1) || out="timeout (300 s)"
  local lines=""
  [ -f "$WORK/events.jsonl" ] && lines=", $(wc -l < "$WORK/events.jsonl") lines in the file"
  echo "$label: $out$lines"
}

for round in $(seq "$ROUNDS"); do
  echo "round $round ($THREADS threads x $EVENTS events)"
  run "no agent            " "" ""
  for which in before after; do
    run "$which file        " "$WORK/$which.jar" "period=5000,sink=file:$WORK/events.jsonl"
    run "$which prometheus  " "$WORK/$which.jar" "period=5000,sink=prometheus://127.0.0.1:0"
  done
done
