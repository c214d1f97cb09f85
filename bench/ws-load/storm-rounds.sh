#!/usr/bin/env bash
# Connect storms, one after another, against ONE gateway process: shows how the cost of a storm falls as the JVM warms.
#   bench/ws-load/storm-rounds.sh [ROUNDS=3] [CLIENT=node|java] [N=10000] [RAMP=1000] [PORT=8080] [WARMUP=<default>]
#                                 [APP=<another build's quarkus-app folder>]
# Each round is bench/ws-load/run.sh GATEWAY=<pid> N=$N PROCS=2 RAMP=$RAMP RATE=0 S=500 K=5 SETTLE=3 DURATION=3 (its
# clients connect, subscribe and close); prints the gateway's CPU seconds for the round, its clients' connect →
# session / subscribed percentiles (the first load process's and all clients'), their error events and close codes,
# and the connection journal's backlog 5 s after the round. WARMUP sets gateway.warm-up.connections (0: no warm-up
# before ready); the round's symbols are known before the gateway starts, so its warm-up subscribes to them. Loopback
# only; stops only the gateway it started (by PID).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=3 CLIENT=node N=10000 RAMP=1000 PORT=8080 WARMUP= APP="$ROOT/services/ws-gateway/target/quarkus-app"
for kv in "$@"; do
  [[ "$kv" =~ ^(ROUNDS|CLIENT|N|RAMP|PORT|WARMUP)=([0-9a-z]+)$ || "$kv" =~ ^(APP)=(.+)$ ]] || { echo "unknown argument: $kv" >&2; exit 2; }
  printf -v "${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
done
(( ROUNDS >= 1 && ROUNDS <= 10 && N <= 20000 )) || { echo "bounds: 1<=ROUNDS<=10, N<=20000" >&2; exit 2; }
OUT="/tmp/storm-rounds-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$OUT"
cp -r "$APP" "$OUT/app"   # a private copy: a rebuild during the run cannot pull jars from under it
redis-cli -h 127.0.0.1 sadd ms:symbols $(seq -f "WSLOAD%g" 0 499) >/dev/null   # run.sh's symbols (S=500); each round removes them
(ulimit -n 20000; exec java -Xmx2g -Dquarkus.http.port="$PORT" -Dgateway.pod-id=storm-rounds ${WARMUP:+-Dgateway.warm-up.connections=$WARMUP} \
  -Dgateway.limits.max-connections-per-user=1000000 -jar "$OUT/app/quarkus-run.jar" > "$OUT/gateway.log" 2>&1) &
GW=$!
trap 'kill "$GW" 2>/dev/null || true; wait "$GW" 2>/dev/null || true' EXIT
started=$(date +%s)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 \
  || { echo "gateway not ready after 120 s (is the stack up? scripts/stack up); see $OUT/gateway.log" >&2; exit 1; }
echo "gateway ready after $(( $(date +%s) - started )) s; $(grep -h "warm-up done\|warm-up timed out" "$OUT/gateway.log" | sed 's/.*warm-up/warm-up/')"
cpu() { awk '{print $14 + $15}' "/proc/$GW/stat"; }
for round in $(seq 1 "$ROUNDS"); do
  before=$(cpu)
  "$ROOT/bench/ws-load/run.sh" CLIENT="$CLIENT" GATEWAY="$GW" PORT="$PORT" N="$N" PROCS=2 RAMP="$RAMP" RATE=0 S=500 K=5 SETTLE=3 DURATION=3 \
    OUT="$OUT/round$round" > "$OUT/round$round.log" 2>&1
  echo "round $round: gateway cpu $(( ($(cpu) - before) / 100 )) s; $(grep -h "connections_subscribed\|connect_to_s" "$OUT/round$round/load-0.txt" | tr '\n' ' ')"
  echo "round $round, all clients: $(grep -h "connect_to_subscribed_ms\|connections_subscribed\|connect_failures\|closed_by_server" "$OUT/round$round/report.txt" | tr '\n' ' ')"
  echo "round $round, errors: $(grep -h "error_events\|close_codes" "$OUT/round$round"/load-*.txt | tr '\n' ' ')"
  sleep 5
  # the storm's connection records: what is still queued for PostgreSQL 5 s after its clients closed, and what was lost
  echo "round $round, journal: $(curl -fs "http://127.0.0.1:$PORT/q/metrics" | grep -E '^marketstream_gateway_journal_(queued|dropped|failed)' | tr '\n' ' ')"
done
echo "results in $OUT"
