#!/usr/bin/env bash
# Start-up and footprint of a trivial JVM with telemetry-poller next to the floor and the peers.
#
#   bash scripts/startup-bench.sh [RUNS]        (RUNS >= 7, default 9)
#
# Whole processes, `java -cp DIR Hello` (prints one line and returns), one run of every configuration
# after another, RUNS rounds, so drift and other load spread over all of them alike. Wall time is taken
# around the process (bash's EPOCHREALTIME), CPU (user+sys, all threads: less disturbed by other load
# than wall time, 10 ms resolution) and peak RSS from /usr/bin/time's %U %S %M. Prints the medians as a
# markdown table, each with what it adds over the bare JVM, and the ratio of what the agent adds to what
# the empty agent adds (the target: <= 1.5x, and < 10 MiB of RSS).
#
# A second table times the first load of a worker class (`new Worker()` in main, System.nanoTime
# around it) without an agent, with the agent's default options, and with workers=Worker: the target is
# that the loading thread is delayed by at most 20 ms.
#
# Needs: JDK 17 (java, javac, jar), Maven (fetches the peers from Maven Central into the work dir),
# GNU time (installed with apt-get when missing), python3 (to find free ports).
# Environment: JAVA (default java), WORK (default /tmp/startup-bench), AGENT_JAR (default
# agent/target/telemetry-poller.jar, built when missing), OTEL_VERSION (default 2.10.0),
# SKIP_PEERS=1 to leave out the two peer agents, EXTRA_NAME and EXTRA_ARGS for one more configuration
# (e.g. an older build of the agent's jar).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-9}
if (( RUNS < 7 )); then
  echo "startup-bench: RUNS must be >= 7 (medians of at least 7 runs)" >&2
  exit 2
fi
JAVA=${JAVA:-java}
WORK=${WORK:-/tmp/startup-bench}
AGENT_JAR=${AGENT_JAR:-$ROOT/agent/target/telemetry-poller.jar}
OTEL_VERSION=${OTEL_VERSION:-2.10.0}
JMX_VERSION=1.0.1
mkdir -p "$WORK"

if [[ ! -x /usr/bin/time ]]; then
  apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
if [[ ! -f $AGENT_JAR ]]; then
  mvn -B -q -pl agent -am package -Dmaven.test.skip=true
fi

# --- the trivial main, a worker class, and the empty agent (all Java 8 bytecode) ---------------------
mkdir -p "$WORK/src" "$WORK/classes" "$WORK/empty"
cat > "$WORK/src/Hello.java" <<'EOF'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
EOF
cat > "$WORK/src/Worker.java" <<'EOF'
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

public class Worker implements Runnable {
    final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<Runnable>();

    public void run() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            r.run();
        }
    }
}
EOF
cat > "$WORK/src/LoadWorker.java" <<'EOF'
public class LoadWorker {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Worker w = new Worker(); // Worker loads (and is transformed) here, on this thread
        long t1 = System.nanoTime();
        w.run();
        System.out.println("worker_load_us " + (t1 - t0) / 1000);
    }
}
EOF
cat > "$WORK/src/EmptyAgent.java" <<'EOF'
import java.lang.instrument.Instrumentation;

public class EmptyAgent {
    public static void premain(String options, Instrumentation inst) {
    }
}
EOF
javac --release 8 -d "$WORK/classes" "$WORK/src/Hello.java" "$WORK/src/Worker.java" "$WORK/src/LoadWorker.java"
javac --release 8 -d "$WORK/empty" "$WORK/src/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' > "$WORK/empty/MANIFEST.MF"
jar cfm "$WORK/empty-agent.jar" "$WORK/empty/MANIFEST.MF" -C "$WORK/empty" EmptyAgent.class

# --- the peers, from Maven Central ----------------------------------------------------------------
fetch() { # groupId:artifactId:version -> jar in $WORK
  local artifact=$1 file=$2
  if [[ ! -f $WORK/$file ]]; then
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$artifact" -DoutputDirectory="$WORK" -Dmdep.stripVersion=false >/dev/null
  fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
JMX_JAR=jmx_prometheus_javaagent-$JMX_VERSION.jar
OTEL_JAR=opentelemetry-javaagent-$OTEL_VERSION.jar
if [[ ${SKIP_PEERS:-0} != 1 ]]; then
  fetch "io.prometheus.jmx:jmx_prometheus_javaagent:$JMX_VERSION" "$JMX_JAR"
  fetch "io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION" "$OTEL_JAR"
fi
# JVM metrics only: the JMX collector matches no MBean (its default rule would export every one).
cat > "$WORK/jmx.yaml" <<'EOF'
includeObjectNames: ["telemetry.bench.none:*"]
EOF
JMX_PORT=$(free_port)
STATSD_PORT=$(free_port)   # nothing listens there: the datagrams are sent and dropped, as in production
# an OTLP/HTTP receiver answering 200 to every POST, for the otlp rows (each JVM's export at exit reaches it)
OTLP_PORT=$(free_port)
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
' "$OTLP_PORT" &
OTLP_PID=$!
trap 'kill $OTLP_PID 2>/dev/null || true' EXIT

# --- the configurations ---------------------------------------------------------------------------
NAMES=()
ARGS=()
add() { NAMES+=("$1"); ARGS+=("$2"); }
add "bare JVM" ""
add "empty agent (the floor)" "-javaagent:$WORK/empty-agent.jar"
add "telemetry-poller, default options" "-javaagent:$AGENT_JAR"
add "telemetry-poller, init_delay=60000 (premain only: no poll before exit)" "-javaagent:$AGENT_JAR=init_delay=60000"
add "telemetry-poller, workers=NeverLoaded" "-javaagent:$AGENT_JAR=workers=com.example.NeverLoaded"
add "telemetry-poller, sink=statsd" "-javaagent:$AGENT_JAR=sink=statsd://127.0.0.1:$STATSD_PORT"
add "telemetry-poller, sink=prometheus" "-javaagent:$AGENT_JAR=sink=prometheus://127.0.0.1:0"
add "telemetry-poller, sink=otlp" "-javaagent:$AGENT_JAR=sink=otlp://127.0.0.1:$OTLP_PORT"
if [[ ${SKIP_PEERS:-0} != 1 ]]; then
  add "jmx_prometheus_javaagent $JMX_VERSION" "-javaagent:$WORK/$JMX_JAR=127.0.0.1:$JMX_PORT:$WORK/jmx.yaml"
  add "opentelemetry-javaagent $OTEL_VERSION, exporters off" "-javaagent:$WORK/$OTEL_JAR -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
  add "opentelemetry-javaagent $OTEL_VERSION, metrics over OTLP" "-javaagent:$WORK/$OTEL_JAR -Dotel.traces.exporter=none -Dotel.logs.exporter=none -Dotel.metrics.exporter=otlp -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=http://127.0.0.1:$OTLP_PORT"
fi
if [[ -n ${EXTRA_NAME:-} ]]; then # one more configuration to compare, e.g. a variant of the agent's jar
  add "$EXTRA_NAME" "$EXTRA_ARGS"
fi
N=${#NAMES[@]}

# One run: prints "wall_ms rss_kib". Output of the JVM goes to files, first run's kept for inspection.
run_once() {
  local i=$1 main=$2 out=$3
  local t0 t1
  # shellcheck disable=SC2086
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "$JAVA" ${ARGS[$i]} -cp "$WORK/classes" "$main" >"$out" 2>"$out.err"
  t1=$EPOCHREALTIME
  echo "$(( (${t1/./} - ${t0/./}) / 1000 )) $(tail -n 1 "$WORK/rss" | awk '{printf "%d %d", $1, ($2 + $3) * 1000}')"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

echo "startup-bench: $RUNS rounds of $N configurations, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$JAVA" -version 2>&1 | head -n 1 >&2
for (( i = 0; i < N; i++ )); do : > "$WORK/wall.$i"; : > "$WORK/rss.$i"; : > "$WORK/cpu.$i"; done
# one unrecorded round first: page cache, CDS archive, the jars' first read
for (( i = 0; i < N; i++ )); do run_once "$i" Hello "$WORK/out.$i" >/dev/null; done
for (( r = 0; r < RUNS; r++ )); do
  for (( i = 0; i < N; i++ )); do
    read -r wall rss cpu < <(run_once "$i" Hello "$WORK/run.out")
    echo "$wall" >> "$WORK/wall.$i"
    echo "$rss" >> "$WORK/rss.$i"
    echo "$cpu" >> "$WORK/cpu.$i"
  done
done
echo "startup-bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# what each agent said on its first run (an agent that failed to start would make its row meaningless)
for (( i = 2; i < N; i++ )); do
  if grep -q 'telemetry-poller: .*\(fail\|invalid\|unknown\|not started\)' "$WORK/out.$i.err" 2>/dev/null; then
    echo "  ${NAMES[$i]}: $(grep 'telemetry-poller:' "$WORK/out.$i.err" | head -n 2 | tr '\n' ' ')" >&2
  fi
done

bare_wall=$(median < "$WORK/wall.0"); bare_rss=$(median < "$WORK/rss.0"); bare_cpu=$(median < "$WORK/cpu.0")
empty_wall=$(median < "$WORK/wall.1"); empty_cpu=$(median < "$WORK/cpu.1")
empty_added=$(awk -v a="$empty_wall" -v b="$bare_wall" 'BEGIN {print a - b}')
empty_cpu_added=$(awk -v a="$empty_cpu" -v b="$bare_cpu" 'BEGIN {print a - b}')
echo
echo "| configuration | wall (median of $RUNS) | wall added | added / empty agent's | CPU user+sys (median) | CPU added / empty agent's | peak RSS (median) | RSS added |"
echo "|---|---|---|---|---|---|---|---|"
for (( i = 0; i < N; i++ )); do
  w=$(median < "$WORK/wall.$i"); m=$(median < "$WORK/rss.$i"); c=$(median < "$WORK/cpu.$i")
  awk -v name="${NAMES[$i]}" -v w="$w" -v m="$m" -v c="$c" -v bw="$bare_wall" -v bm="$bare_rss" -v bc="$bare_cpu" \
      -v ea="$empty_added" -v eca="$empty_cpu_added" -v i="$i" 'BEGIN {
    added = w - bw; ratio = (i >= 1 && ea > 0) ? sprintf("%.2fx", added / ea) : "-";
    cratio = (i >= 1 && eca > 0) ? sprintf("%.2fx", (c - bc) / eca) : "-";
    printf "| %s | %d ms | %+d ms | %s | %d ms | %s | %.1f MiB | %+.1f MiB |\n", name, w, added, ratio, c, cratio, m / 1024, (m - bm) / 1024 }'
done

# --- the first load of a worker class -------------------------------------------------------------
LOAD_NAMES=("no agent" "telemetry-poller, default options" "telemetry-poller, workers=Worker")
LOAD_ARGS=("" "-javaagent:$AGENT_JAR" "-javaagent:$AGENT_JAR=workers=Worker")
for (( i = 0; i < 3; i++ )); do : > "$WORK/load.$i"; done
for (( r = 0; r < RUNS; r++ )); do
  for (( i = 0; i < 3; i++ )); do
    # shellcheck disable=SC2086
    "$JAVA" ${LOAD_ARGS[$i]} -cp "$WORK/classes" LoadWorker 2>"$WORK/load.err.$i" \
      | awk '/^worker_load_us/ {print $2}' >> "$WORK/load.$i"
  done
done
echo
echo "| first \`new Worker()\` on main (median of $RUNS) | time to load and construct | added |"
echo "|---|---|---|"
base=$(median < "$WORK/load.0")
for (( i = 0; i < 3; i++ )); do
  v=$(median < "$WORK/load.$i")
  awk -v name="${LOAD_NAMES[$i]}" -v v="$v" -v b="$base" 'BEGIN {printf "| %s | %.2f ms | %+.2f ms |\n", name, v / 1000, (v - b) / 1000}'
done
if grep -q 'telemetry-poller:' "$WORK/load.err.2"; then
  echo "  workers=Worker said: $(grep 'telemetry-poller:' "$WORK/load.err.2" | head -n 3 | tr '\n' ' ')" >&2
fi
