#!/usr/bin/env bash
# The gateway's own share of a bench window's latency, from two snapshots of its Prometheus histograms (run.sh takes
# them at the window's edges): per histogram, the samples in the window and the bucket bounds that hold their p50 and
# p99 — tick -> fan-out (market_latency: Kafka and the feed thread) and tick -> socket write (market_write_latency:
# plus the event loop's drain). Buckets are coarse (1, 2, 5, 10, 25, 50, 100, 250 ms ...): "p99<=25ms" means between
# the bucket below and 25 ms. Sums every gateway's samples.
#   bench/ws-load/window-latency.sh START_FILE END_FILE
set -euo pipefail
START=${1:?usage: window-latency.sh START_FILE END_FILE} END=${2:?usage: window-latency.sh START_FILE END_FILE}
[[ -s "$START" && -s "$END" ]] || { echo "gateway_window_latency: no snapshots"; exit 0; }
awk '
  !/^marketstream_gateway_market_(write_)?latency_seconds_bucket/ { next }
  # name: what lies between "marketstream_gateway_" (21 characters) and "_seconds_bucket" (15)
  { match($1, /^marketstream_gateway_market_(write_)?latency_seconds_bucket/); name = substr($1, 22, RLENGTH - 36)
    match($1, /le="[^"]+"/); le = substr($1, RSTART + 4, RLENGTH - 5)
    if (FILENAME == ARGV[1]) start[name, le] += $2; else { end[name, le] += $2; bounds[name, le] = 1; names[name] = 1 } }
  END {
    for (name in names) {
      n = 0
      for (key in bounds) { split(key, part, SUBSEP); if (part[1] != name) continue
        le = part[2]; v = (le == "+Inf") ? 1e9 : le + 0; count[v] = end[name, le] - start[name, le]; order[++n] = v }
      for (i = 2; i <= n; i++) { v = order[i]; for (j = i - 1; j >= 1 && order[j] > v; j--) order[j + 1] = order[j]; order[j + 1] = v }
      total = count[1e9]
      if (total <= 0) { printf "gateway_window_latency %s: no samples\n", name; continue }
      p50 = p99 = ""
      for (i = 1; i <= n; i++) { v = order[i]
        if (p50 == "" && count[v] >= 0.50 * total) p50 = v
        if (p99 == "" && count[v] >= 0.99 * total) p99 = v }
      printf "gateway_window_latency %s samples=%d p50<=%s p99<=%s\n", name, total, ms(p50), ms(p99)
      delete count; delete order
    }
  }
  function ms(v) { return v >= 1e9 ? "inf" : sprintf("%gms", v * 1000) }
' "$START" "$END"
