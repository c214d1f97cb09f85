#!/usr/bin/env bash
# What an idle connection costs one gateway process: live heap, committed heap and RSS per connection.
#   bench/ws-load/idle-memory.sh [N=10000] [PORT=8080] [APP=<another build's quarkus-app folder>] [DUMP=1]
# Starts one gateway (-Xms64m -Xmx2g -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5, native memory tracking on), then
# 15 s after it is ready and again 70 s into bench/ws-load/run.sh GATEWAY=<pid> N=$N PROCS=2 RAMP=500 RATE=0 S=500 K=5
# SETTLE=20 DURATION=40 (idle clients with five subscriptions each): a class histogram (`jcmd GC.class_histogram`, a
# full GC first), and right after it VmRSS and `VM.native_memory summary`. With a small initial heap and those free
# ratios the full GC shrinks the heap to its live set, so RSS read at that moment follows the live state rather than
# the young collections between GC and reading. Prints the figures per connection and the 25 classes that grew most;
# DUMP=1 also writes a heap dump with the clients connected (see bench/ws-load/README.md for reading who holds what).
# Loopback only; stops only the gateway it started (by PID).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=10000 PORT=8080 DUMP= APP="$ROOT/services/ws-gateway/target/quarkus-app"
for kv in "$@"; do
  [[ "$kv" =~ ^(N|PORT|DUMP)=([0-9]+)$ || "$kv" =~ ^(APP)=(.+)$ ]] || { echo "unknown argument: $kv" >&2; exit 2; }
  printf -v "${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
done
(( N >= 1000 && N <= 19000 )) || { echo "bounds: 1000<=N<=19000 (one gateway, 20,000 open files)" >&2; exit 2; }
OUT="/tmp/idle-memory-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$OUT"
cp -r "$APP" "$OUT/app"   # a private copy: a rebuild during the run cannot pull jars from under it
(ulimit -n 20000; exec java -Xms64m -Xmx2g -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5 -XX:G1PeriodicGCInterval=5000 \
  -XX:NativeMemoryTracking=summary -Dquarkus.http.port="$PORT" -Dgateway.pod-id=idle-memory \
  -Dgateway.limits.max-connections-per-user=1000000 -jar "$OUT/app/quarkus-run.jar" > "$OUT/gateway.log" 2>&1) &
GW=$!
trap 'kill "$GW" 2>/dev/null || true; wait "$GW" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 \
  || { echo "gateway not ready after 120 s (is the stack up? scripts/stack up); see $OUT/gateway.log" >&2; exit 1; }
sample() {   # $1: before|with
  jcmd "$GW" GC.class_histogram > "$OUT/histogram-$1.txt"
  awk '/^VmRSS/ {print $2}' "/proc/$GW/status" > "$OUT/rss-kib-$1.txt"
  jcmd "$GW" VM.native_memory summary > "$OUT/nmt-$1.txt"
}
sleep 15
sample before
"$ROOT/bench/ws-load/run.sh" GATEWAY="$GW" PORT="$PORT" N="$N" PROCS=2 RAMP=500 RATE=0 S=500 K=5 SETTLE=20 DURATION=40 \
  OUT="$OUT/run" > "$OUT/run.log" 2>&1 &
RUN=$!
sleep 70
sample with
[[ -z "$DUMP" ]] || jcmd "$GW" GC.heap_dump "$OUT/heap.hprof" > /dev/null
wait "$RUN" || true
heap_kib() { sed -n 's/.*Java Heap (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1/p' "$OUT/nmt-$1.txt"; }
live() { awk '/^Total/ {print $3}' "$OUT/histogram-$1.txt"; }
echo "clients: $(grep -h "connections_subscribed\|connect_failures" "$OUT/run/report.txt" | tr '\n' ' ')"
awk -v n="$N" -v lb="$(live before)" -v lw="$(live with)" -v hb="$(heap_kib before)" -v hw="$(heap_kib with)" \
    -v rb="$(cat "$OUT/rss-kib-before.txt")" -v rw="$(cat "$OUT/rss-kib-with.txt")" 'BEGIN {
  printf "per connection: live heap %.0f B, committed heap %.1f KiB, RSS %.1f KiB\n", (lw - lb) / n, (hw - hb) / n, (rw - rb) / n }'
echo "classes that grew most (bytes per connection, instances per connection):"
awk -v n="$N" 'FNR == 1 { file++ }
  $1 ~ /^[0-9]+:$/ { if (file == 1) { count[$4] = $2; bytes[$4] = $3 } else printf "%10.1f %6.2f %s\n", ($3 - bytes[$4]) / n, ($2 - count[$4]) / n, $4 }' \
    "$OUT/histogram-before.txt" "$OUT/histogram-with.txt" | sort -rn | head -25
echo "results in $OUT"
