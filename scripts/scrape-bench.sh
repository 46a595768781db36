#!/usr/bin/env bash
# Prometheus scrape latency over HTTP: telemetry-poller's sink against jmx_prometheus_javaagent 1.0.1.
#
#   bash scripts/scrape-bench.sh [SCRAPES]      (default 200)
#
# Starts idle JVMs (a main that sleeps), each serving /metrics on loopback:
#   - telemetry-poller, sink=prometheus, period=1000 (the default measurements);
#   - with EXTRA_JAR, the same with that agent jar (e.g. one built from an older commit), named
#     EXTRA_NAME; with EXTRA_NODELAY=1 also that jar with -Dsun.net.httpserver.nodelay=true (TCP_NODELAY
#     on the JDK HttpServer's sockets, for a jar that serves with it);
#   - jmx_prometheus_javaagent 1.0.1 with JVM metrics only (its JMX collector matches nothing);
#   - jmx_prometheus_javaagent 1.0.1 with rules exporting the default poll's values from their MBeans.
# After 5 s and 50 unrecorded scrapes each, makes SCRAPES scrapes of each, round robin, on one keep-alive
# connection per server (as Prometheus does) and SCRAPES more on a new connection each, and prints the
# median, p90 and max time per scrape, with the body size and sample count, and the median time of a GET
# of another path on the same keep-alive connection (404 from telemetry-poller: the HTTP floor; the JMX
# exporter serves its metrics on any path).
#
# Needs: JDK 17, python3, Maven (fetches the JMX exporter agent into the work dir), the agent jar.
# Environment: JAVA, WORK (default /tmp/scrape-bench), AGENT_JAR, EXTRA_JAR, EXTRA_NAME, EXTRA_NODELAY.
# Comparing two builds in one run (the machine's load is then the same for both):
#   EXTRA_NAME="before" EXTRA_JAR=/tmp/old/telemetry-poller.jar EXTRA_NODELAY=1 bash scripts/scrape-bench.sh 200
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRAPES=${1:-200}
JAVA=${JAVA:-java}
WORK=${WORK:-/tmp/scrape-bench}
AGENT_JAR=${AGENT_JAR:-$ROOT/agent/target/telemetry-poller.jar}
EXTRA_JAR=${EXTRA_JAR:-}
EXTRA_NAME=${EXTRA_NAME:-$EXTRA_JAR}
JMX_JAR=$WORK/jmx_prometheus_javaagent-1.0.1.jar
mkdir -p "$WORK"
if [[ ! -f $AGENT_JAR ]]; then
  mvn -B -q -pl agent -am package -Dmaven.test.skip=true
fi
if [[ ! -f $JMX_JAR ]]; then
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1 -DoutputDirectory="$WORK" >/dev/null
fi
cat > "$WORK/Idle.java" <<'EOF'
public class Idle {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1000L);
    }
}
EOF
javac --release 8 -d "$WORK" "$WORK/Idle.java"
cat > "$WORK/jvm-only.yaml" <<'EOF'
includeObjectNames: ["telemetry.bench.none:*"]
EOF
# the same rules as ReporterBenchmark.JMX_EXPORTER_CONFIG
cat > "$WORK/equivalent.yaml" <<'EOF'
includeObjectNames: ["java.lang:type=Memory", "java.lang:type=MemoryPool,*",
  "java.nio:type=BufferPool,*", "java.lang:type=Threading", "java.lang:type=ClassLoading",
  "java.lang:type=OperatingSystem"]
rules:
  - pattern: 'java.lang<type=Memory><(HeapMemoryUsage|NonHeapMemoryUsage)>(used|committed|max)'
    name: vm_memory_$1_$2_bytes
    type: GAUGE
  - pattern: 'java.lang<type=MemoryPool, name=(.+)><Usage>(used|committed|max)'
    name: vm_memory_pool_$2_bytes
    labels: {pool: "$1"}
    type: GAUGE
  - pattern: 'java.nio<type=BufferPool, name=(.+)><>MemoryUsed'
    name: vm_memory_buffer_bytes
    labels: {pool: "$1"}
    type: GAUGE
  - pattern: 'java.lang<type=Threading><>(ThreadCount|DaemonThreadCount|PeakThreadCount)'
    name: vm_system_counts_$1
    type: GAUGE
  - pattern: 'java.lang<type=ClassLoading><>LoadedClassCount'
    name: vm_system_counts_loaded_class_count
    type: GAUGE
  - pattern: 'java.lang<type=OperatingSystem><>(OpenFileDescriptorCount|MaxFileDescriptorCount)'
    name: vm_system_counts_$1
    type: GAUGE
EOF
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

LIFE=$(( 60 + SCRAPES / 5 ))
NAMES=(); PORTS=(); PIDS=()
start() { # name port java-args...
  local name=$1 port=$2; shift 2
  "$JAVA" "$@" -cp "$WORK" Idle "$LIFE" >/dev/null 2>"$WORK/${#NAMES[@]}.err" &
  NAMES+=("$name"); PORTS+=("$port"); PIDS+=("$!")
}
p=$(free_port); start "telemetry-poller, sink=prometheus" "$p" -javaagent:"$AGENT_JAR"=period=1000,sink=prometheus://127.0.0.1:"$p"
if [[ -n $EXTRA_JAR ]]; then
  p=$(free_port); start "$EXTRA_NAME" "$p" -javaagent:"$EXTRA_JAR"=period=1000,sink=prometheus://127.0.0.1:"$p"
  if [[ ${EXTRA_NODELAY:-0} == 1 ]]; then
    p=$(free_port); start "$EXTRA_NAME, -Dsun.net.httpserver.nodelay=true" "$p" -Dsun.net.httpserver.nodelay=true \
      -javaagent:"$EXTRA_JAR"=period=1000,sink=prometheus://127.0.0.1:"$p"
  fi
fi
p=$(free_port); start "jmx_prometheus_javaagent 1.0.1, JVM metrics only" "$p" -javaagent:"$JMX_JAR"=127.0.0.1:"$p":"$WORK/jvm-only.yaml"
p=$(free_port); start "jmx_prometheus_javaagent 1.0.1, default poll's values" "$p" -javaagent:"$JMX_JAR"=127.0.0.1:"$p":"$WORK/equivalent.yaml"
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
sleep 5
echo "scrape-bench: $SCRAPES scrapes each, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$SCRAPES" "${PORTS[@]}" <<'EOF' > "$WORK/results.txt"
import http.client, socket, sys, time
n = int(sys.argv[1]); ports = [int(p) for p in sys.argv[2:]]

def get(conn, path="/metrics"):
    t0 = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse(); body = r.read()
    return time.perf_counter() - t0, body

def stats(xs):
    xs = sorted(xs); return xs[len(xs) // 2] * 1e3, xs[int(len(xs) * 0.9)] * 1e3, xs[-1] * 1e3

keep = [http.client.HTTPConnection("127.0.0.1", p) for p in ports]
bodies = [None] * len(ports)
for _ in range(50):
    for i, c in enumerate(keep):
        _, bodies[i] = get(c)
times_keep = [[] for _ in ports]; times_new = [[] for _ in ports]; times_floor = [[] for _ in ports]
for _ in range(n):
    for i, c in enumerate(keep):
        times_keep[i].append(get(c)[0])
        times_floor[i].append(get(c, "/telemetry-bench-floor")[0])  # the server's own cost, no metrics
    for i, p in enumerate(ports):
        c = http.client.HTTPConnection("127.0.0.1", p)
        times_new[i].append(get(c)[0]); c.close()
for i in range(len(ports)):
    samples = sum(1 for l in bodies[i].decode().splitlines() if l and not l.startswith("#"))
    print("%.2f %.2f %.2f %.2f %.2f %.2f %.2f %d %d" % (*stats(times_keep[i]), *stats(times_new[i]),
          stats(times_floor[i])[0], len(bodies[i]), samples))
EOF
echo "scrape-bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| server (idle JVM) | keep-alive: median | p90 | max | new connection: median | p90 | max | other path (no metrics), keep-alive median | body | samples |"
echo "|---|---|---|---|---|---|---|---|---|---|"
i=0
while read -r km kp kx nm np nx floor bytes samples; do
  echo "| ${NAMES[$i]} | $km ms | $kp ms | $kx ms | $nm ms | $np ms | $nx ms | $floor ms | $bytes B | $samples |"
  i=$(( i + 1 ))
done < "$WORK/results.txt"
