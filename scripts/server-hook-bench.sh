#!/usr/bin/env bash
# The executor hooks' cost per request on real servers (docs/performance.md): each server of ServerHost
# (Tomcat, Jetty, Netty, Undertow), answering at once (no sleep), loaded by the same LoadClient, run
# without the agent and with -javaagent:...=executors=true, alternately, ROUNDS times each.
#
#   bash scripts/server-hook-bench.sh [ROUNDS]        (after mvn -B -pl agent,example-target,agent-tests -am install -DskipTests)
#
# Environment: SERVERS (default "tomcat jetty netty undertow"), CONCURRENCY (4), WARMUP (3000 a client),
# REQUESTS (5000 a client), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SERVERS=${SERVERS:-tomcat jetty netty undertow}
CONCURRENCY=${CONCURRENCY:-4}; WARMUP=${WARMUP:-3000}; REQUESTS=${REQUESTS:-5000}
JAVA=${JAVA:-java}
OUT=${OUT:-/tmp/server-hook-bench}
mkdir -p "$OUT"
AGENT=$PWD/agent/target/telemetry-poller.jar
mvn -B -q -o -pl agent-tests test-compile
mvn -B -q -o -pl agent-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=$PWD/agent-tests/target/test-classes:$(cat "$OUT/cp.txt")
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
run() { # server, agent options or "-" -> prints the client's line
  local server=$1 opts=$2 p sub log
  p=$(port); log="$OUT/$server.log"
  local agent=(); [[ $opts != - ]] && agent=("-javaagent:$AGENT=$opts")
  # stdin held open by a sleep: ServerHost exits when its stdin closes
  (sleep 3600 | "$JAVA" "${agent[@]}" -Xmx256m -cp "$CP" io.telemetrypoller.it.servers.targets.ServerHost \
      "$server" "$p" 0 >"$log" 2>&1) &
  sub=$!
  for _ in $(seq 300); do grep -q listening "$log" && break; sleep 0.1; done
  timeout 300 "$JAVA" -cp "$CP" io.telemetrypoller.it.servers.targets.LoadClient "$p" "$CONCURRENCY" "$WARMUP" \
      "$REQUESTS" || echo "(client failed; server log: $log)"
  pkill -f "ServerHost $server $p " || true
  pkill -P "$sub" sleep || true
  wait "$sub" 2>/dev/null || true
}
for server in $SERVERS; do
  for r in $(seq "$ROUNDS"); do
    echo -n "$server round $r without agent:  "; run "$server" -
    echo -n "$server round $r executors=true: "; run "$server" executors=true,period=1000
  done
done
