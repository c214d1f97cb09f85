#!/usr/bin/env bash
# One-command gateway benchmark: starts the packaged ws-gateway (or uses a running one), a bounded tick feed
# into market-prices, and several ws-load processes over distinct loopback source addresses; merges their
# results (connections, failures, msgs/s, latency p50/p99/p99.9, gateway CPU/RSS, wire bytes per message).
#
#   bench/ws-load/run.sh [KEY=VALUE ...]        e.g. bench/ws-load/run.sh N=10000 PROCS=2 RATE=20000
#
#   N=10000 connections in total      PROCS=2 load processes        K=1 symbols per connection
#   S=2000 symbols (WSLOAD0..)        RATE=20000 ticks/s (0: none)  RAMP=1000 connections/s per process
#   SETTLE=15 s before measuring      DURATION=60 s measuring window
#   COMPRESS=none|all|half            (half: odd-numbered processes offer permessage-deflate)
#   GATEWAY=start|<pid>               (start: java -jar services/ws-gateway/target/quarkus-app/quarkus-run.jar; a gateway
#                                     of your own needs -Dgateway.limits.max-connections-per-user above N: one user)
#   GATEWAYS=1                        gateway processes started on PORT, PORT+1, ... (pods of one machine, each with
#                                     its own pod id and < 20,000 open files); load process p uses gateway p mod
#                                     GATEWAYS and the first GATEWAYS load processes measure one gateway each
#   GATEWAY_OPTS="-Xmx2g"             PORT=8080     OUT=/tmp/ws-load-<time>    PREFIX=WSLOAD
#   GATEWAY_ENV="NAME=value ..."      environment of the started gateways only, e.g. LD_PRELOAD=<zlib-ng's libz.so.1>
#                                     to measure permessage-deflate on another zlib (docs/benchmarks.md)
#   APP=services/ws-gateway/target/quarkus-app   (another build's quarkus-app folder, for before/after runs)
#   CLIENT=java|node                  (node: bench/ws-load-node/load.js, Node's ws client, instead of WsLoad)
#   USER_PROBE=0|1                    (1: mid-window, one targeted trading alert per gateway process through Kafka and
#                                     the event-processor — started from its packaged jar unless one answers on 8083 —
#                                     to a user connected to that process; prints each one's delivery time)
# Everything is bounded in time, targets loopback only, and only processes started here are stopped (by PID).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=10000 PROCS=2 K=1 S=2000 RATE=20000 RAMP=1000 SETTLE=15 DURATION=60 COMPRESS=none GATEWAY=start GATEWAYS=1
GATEWAY_OPTS="-Xmx2g" PORT=8080 OUT="/tmp/ws-load-$(date +%Y%m%d-%H%M%S)" PREFIX=WSLOAD LOAD_OPTS="-Xmx1g" CLIENT=java
APP="$ROOT/services/ws-gateway/target/quarkus-app" USER_PROBE=0 GATEWAY_ENV=
for kv in "$@"; do
  [[ "$kv" =~ ^(N|PROCS|K|S|RATE|RAMP|SETTLE|DURATION|COMPRESS|GATEWAY|GATEWAYS|GATEWAY_OPTS|GATEWAY_ENV|PORT|OUT|PREFIX|LOAD_OPTS|APP|CLIENT|USER_PROBE)=(.*)$ ]] \
    || { echo "unknown argument: $kv" >&2; exit 2; }
  printf -v "${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
done
(( DURATION <= 600 && SETTLE <= 300 && N <= 60000 && PROCS <= 8 && GATEWAYS >= 1 && GATEWAYS <= PROCS )) \
  || { echo "bounds: DURATION<=600 SETTLE<=300 N<=60000 PROCS<=8 1<=GATEWAYS<=PROCS" >&2; exit 2; }
GW_PIDS=()
[[ "$CLIENT" == java || "$CLIENT" == node ]] || { echo "CLIENT=java or CLIENT=node, not $CLIENT" >&2; exit 2; }
mkdir -p "$OUT"
BENCH_JAR="$ROOT/bench/ws-load/target/ws-load-0.1.0-SNAPSHOT.jar"
APP_JAR="$APP/quarkus-run.jar"
[[ -f "$BENCH_JAR" ]] || mvn -B -q -o -f "$ROOT/pom.xml" -pl bench/ws-load -am package -DskipTests
CP="$BENCH_JAR:$ROOT/bench/ws-load/target/lib/*"
LOAD=(java $LOAD_OPTS -cp "$CP" dev.marketstream.bench.WsLoad)
if [[ "$CLIENT" == node ]]; then
  [[ -d "$ROOT/bench/ws-load-node/node_modules" ]] || (cd "$ROOT/bench/ws-load-node" && npm ci --no-audit --no-fund)
  LOAD=(node "$ROOT/bench/ws-load-node/load.js")
fi
STARTED=()
cleanup() {
  for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]}"; do
    timeout 90 tail --pid="$pid" -f /dev/null 2>/dev/null || { echo "pid $pid ignored SIGTERM for 90 s: killed" >&2; kill -9 "$pid" 2>/dev/null || true; }
  done
  rm -rf "$OUT/app"
  redis-cli -h 127.0.0.1 srem ms:symbols $(seq -f "$PREFIX%g" 0 $((S - 1))) >/dev/null || true
}
trap cleanup EXIT

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
timeout 3 bash -c "</dev/tcp/${BOOTSTRAP%%:*}/${BOOTSTRAP##*:}" 2>/dev/null \
  || { echo "no Kafka broker answers on $BOOTSTRAP: start the stack first (scripts/stack up)" >&2; exit 2; }
redis-cli -h 127.0.0.1 sadd ms:symbols $(seq -f "$PREFIX%g" 0 $((S - 1))) >/dev/null
{ echo "date=$(date -u +%FT%TZ)"; echo "args=N=$N PROCS=$PROCS K=$K S=$S RATE=$RATE RAMP=$RAMP SETTLE=$SETTLE DURATION=$DURATION COMPRESS=$COMPRESS GATEWAY_OPTS=$GATEWAY_OPTS GATEWAY_ENV=$GATEWAY_ENV CLIENT=$CLIENT"
  echo "app=$APP"
  echo "uptime_before=$(uptime)"; echo "busiest_before:"; ps -eo pid,pcpu,rss,args --sort=-pcpu | head -6 | cut -c1-160; } > "$OUT/run.txt"

if [[ "$GATEWAY" == start ]]; then
  [[ -f "$APP_JAR" || "$APP" != "$ROOT/services/ws-gateway/target/quarkus-app" ]] || mvn -B -q -o -pl services/ws-gateway -f "$ROOT/pom.xml" package -DskipTests
  [[ -f "$APP_JAR" ]] || { echo "no $APP_JAR" >&2; exit 2; }
  cp -r "$(dirname "$APP_JAR")" "$OUT/app"   # a private copy: a rebuild during the run cannot pull jars from under it
  for g in $(seq 0 $((GATEWAYS - 1))); do
    log="$OUT/gateway.log"; (( g == 0 )) || log="$OUT/gateway-$g.log"
    # every load connection is the one user ws-load: lift the per-user connection limit (50 by default)
    (ulimit -n 20000; cd "$ROOT" && exec env $GATEWAY_ENV java $GATEWAY_OPTS -Dquarkus.http.port=$((PORT + g)) -Dgateway.pod-id=ws-load-$g \
       -Dgateway.limits.max-connections-per-user=1000000 -jar "$OUT/app/quarkus-run.jar" > "$log" 2>&1) &
    GW_PIDS+=($!); STARTED+=($!)
  done
  for g in $(seq 0 $((GATEWAYS - 1))); do
    ready=0
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$((PORT + g))/q/health/ready" >/dev/null 2>&1 && { ready=1; break; }
      kill -0 "${GW_PIDS[$g]}" 2>/dev/null || { echo "gateway $g exited; see its log in $OUT" >&2; exit 1; }
      sleep 1
    done
    # a window measured against a gateway that is not ready (no market feed, Redis or journal) measures nothing
    (( ready )) || { echo "gateway $g not ready after 120 s (see /q/health/ready and its log in $OUT)" >&2; exit 1; }
  done
  sleep 5   # let the JVM settle before the baseline RSS is taken
else
  (( GATEWAYS == 1 )) || { echo "GATEWAY=<pid> measures one running gateway: GATEWAYS must be 1" >&2; exit 2; }
  GW_PIDS=("$GATEWAY")
fi
echo "gateway_pid=${GW_PIDS[0]}" >> "$OUT/run.txt"
echo "gateway_pids=${GW_PIDS[*]}" >> "$OUT/run.txt"
TOKEN="$("$ROOT/scripts/token" ws-load trader 7200)"

PER=$((N / PROCS)); RAMP_S=$((PER / RAMP + 1))
if (( RATE > 0 )); then
  java -cp "$CP" dev.marketstream.bench.TickFeed symbols="$S" prefix="$PREFIX" rate="$RATE" \
    duration=$((2 * RAMP_S + 60 + SETTLE + DURATION + 120)) > "$OUT/feed.txt" 2>&1 &   # outlives a slow ramp; stopped at the end
  FEED_PID=$!; STARTED+=("$FEED_PID")
fi
if (( USER_PROBE )); then
  if ! curl -fs http://127.0.0.1:8083/q/health/ready >/dev/null 2>&1; then
    EP_APP="$ROOT/services/event-processor/target/quarkus-app/quarkus-run.jar"
    [[ -f "$EP_APP" ]] || mvn -B -q -o -f "$ROOT/pom.xml" -pl services/event-processor package -DskipTests
    (cd "$ROOT" && exec java -Xmx512m -Dquarkus.http.port=8083 -jar "$EP_APP" > "$OUT/event-processor.log" 2>&1) &
    STARTED+=($!)
    for _ in $(seq 1 120); do curl -fs http://127.0.0.1:8083/q/health/ready >/dev/null 2>&1 && break; sleep 1; done
  fi
  PROBE_USERS=(); PROBE_TOKENS=(); PROBE_PORTS=()
  for g in $(seq 0 $((GATEWAYS - 1))); do
    PROBE_USERS+=("ws-load-probe-$g-$$"); PROBE_PORTS+=($((PORT + g)))
    PROBE_TOKENS+=("$("$ROOT/scripts/token" "ws-load-probe-$g-$$" trader 7200)")
  done
  # mid-window: once load process 0 has finished its ramp (bounded wait), then half its settle and window
  (IFS=,; for _ in $(seq 1 $((2 * RAMP_S + 240))); do grep -qs "ramp done" "$OUT/load-0.log" && break; sleep 1; done
   sleep $((SETTLE + DURATION / 2)); exec java -cp "$CP" dev.marketstream.bench.UserEventProbe ports="${PROBE_PORTS[*]}" \
     users="${PROBE_USERS[*]}" tokens="${PROBE_TOKENS[*]}" bootstrap="$BOOTSTRAP" > "$OUT/user-probe.txt" 2>&1) &
  PROBE_PID=$!; STARTED+=($!)
fi
LOADS=()
for p in $(seq 0 $((PROCS - 1))); do
  compress=false
  [[ "$COMPRESS" == all || ( "$COMPRESS" == half && $((p % 2)) == 1 ) ]] && compress=true
  pid_arg=""; (( p < GATEWAYS )) && pid_arg="gatewayPid=${GW_PIDS[$p]}"
  (ulimit -n 20000; exec "${LOAD[@]}" port=$((PORT + p % GATEWAYS)) token="$TOKEN" connections="$PER" \
     first=$((p * PER)) symbols="$S" perConn="$K" prefix="$PREFIX" ramp="$RAMP" settle="$SETTLE" duration="$DURATION" \
     sourceFrom=$((2 + 2 * p)) sources=2 compress="$compress" $pid_arg out="$OUT/load-$p" > "$OUT/load-$p.log" 2>&1) &
  LOADS+=($!); STARTED+=($!)
done
# The gateways' own latency histograms at the window's edges (load process 0's ramp, then its settle and window), to
# tell the gateway's share of the clients' latency: tick -> fan-out (Kafka and the feed) and tick -> socket write.
(for _ in $(seq 1 $((2 * RAMP_S + 240))); do grep -qs "ramp done" "$OUT/load-0.log" && break; sleep 1; done
 snapshot() { for g in $(seq 0 $((GATEWAYS - 1))); do
   curl -fs "http://127.0.0.1:$((PORT + g))/q/metrics" 2>/dev/null | grep -E '^marketstream_gateway_market_(write_)?latency_seconds_bucket' || true
 done > "$1"; }
 sleep "$SETTLE"; snapshot "$OUT/metrics-window-start.txt"; sleep "$DURATION"; snapshot "$OUT/metrics-window-end.txt") &
WINDOW_PID=$!; STARTED+=($!)
for pid in "${LOADS[@]}"; do
  timeout $((RAMP_S + 120 + SETTLE + DURATION + 180)) tail --pid="$pid" -f /dev/null || echo "load process $pid overran" >&2
done
timeout 30 tail --pid="$WINDOW_PID" -f /dev/null || true
for g in $(seq 0 $((GATEWAYS - 1))); do
  curl -fs "http://127.0.0.1:$((PORT + g))/q/metrics" 2>/dev/null | grep -E '^marketstream_gateway_' | sed "s/^/gw$g /" >> "$OUT/metrics.txt" || true
done
{ echo "uptime_after=$(uptime)"; echo "gateway metrics at the end:"; sed 's/^/  /' "$OUT/metrics.txt"; if [[ -n "${FEED_PID:-}" ]]; then kill "$FEED_PID" 2>/dev/null || true; fi; sleep 1; cat "$OUT/feed.txt" 2>/dev/null | grep feed_ || true; } >> "$OUT/run.txt"
if [[ -n "${PROBE_PID:-}" ]]; then
  timeout 240 tail --pid="$PROBE_PID" -f /dev/null || true
  grep -h "user_event" "$OUT/user-probe.txt" >> "$OUT/run.txt" || true
fi
"$ROOT/bench/ws-load/window-latency.sh" "$OUT/metrics-window-start.txt" "$OUT/metrics-window-end.txt" >> "$OUT/run.txt" || true
java -cp "$CP" dev.marketstream.bench.Report $(for p in $(seq 0 $((PROCS - 1))); do echo "$OUT/load-$p"; done) > "$OUT/report.txt"
cat "$OUT/run.txt" "$OUT/report.txt"
echo "results in $OUT"
