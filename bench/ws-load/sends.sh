#!/usr/bin/env bash
# How many frames a gateway puts into each send system call, and what a send costs it — the figure that explains its
# CPU per delivered message (docs/benchmarks.md): a lane that falls behind writes several frames per connection per
# flush, so CPU per message falls as the load rises, and the latency is the length of its batches.
#   bench/ws-load/sends.sh PID [SECONDS=10] [PORT=8080]
# Counts the process's writev/sendto/write calls with perf's syscall tracepoints (needs perf and tracefs; run as root),
# reads frames delivered from the gateway's /q/metrics before and after, and its CPU from /proc/PID/stat. perf
# counting every thread of the process costs it CPU of its own (a quarter more at 100,000 msg/s on a 2-core host):
# take the CPU per message from a run without it, and from here the counts. Bounded by SECONDS (at most 120).
set -euo pipefail
PID=${1:?usage: sends.sh PID [SECONDS] [PORT]} SECONDS_=${2:-10} PORT=${3:-8080}
(( SECONDS_ >= 1 && SECONDS_ <= 120 )) || { echo "SECONDS: 1..120" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
frames() { curl -fs "http://127.0.0.1:$PORT/q/metrics" | awk '/^marketstream_gateway_frames_delivered_total /{printf "%d", $2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
f0=$(frames); c0=$(cpu_ticks)
perf stat -x, -e 'syscalls:sys_enter_writev,syscalls:sys_enter_sendto,syscalls:sys_enter_write' -p "$PID" sleep "$SECONDS_" 2> "$OUT"
f1=$(frames); c1=$(cpu_ticks)
awk -F, -v s="$SECONDS_" -v frames=$((f1 - f0)) -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '
  $1 ~ /^[0-9]+$/ { sub(/.*sys_enter_/, "", $3); calls[$3] = $1; sends += $1 }
  END {
    if (sends == 0) { print "no send system calls counted (is perf allowed to trace?)"; exit 1 }
    printf "writev/s=%d sendto/s=%d write/s=%d frames/s=%d frames_per_send=%.2f\n", calls["writev"] / s, calls["sendto"] / s, calls["write"] / s, frames / s, frames / sends
    printf "cpu_cores=%.2f (perf attached) cpu_us_per_send=%.1f cpu_us_per_frame=%.1f\n", ticks / hz / s, ticks / hz * 1e6 / sends, frames ? ticks / hz * 1e6 / frames : 0
  }' "$OUT"
