#!/usr/bin/env bash
# Soak: live chat, page reads and replies against one server at once for a long run, with
# the server's RSS sampled throughout. BENCHMARKS.md ("Soak") records a run.
#
#   benches/soak.sh [MINUTES]          (default 30)
#
# Environment: BIN (the release binary, default target/release/cliffhanger), PORT (18800),
# DATA (a scratch data dir, emptied first), OUT (where the samples and logs go),
# CLIENTS (chat clients, 1000), RATE (chat messages/s, 10), WRITERS (concurrent repliers, 4),
# PAGE_CONNS (wrk connections for page reads, 8), SAMPLE_SECS (RSS sampling period, 10).
set -euo pipefail
MINUTES="${1:-30}"
BIN="${BIN:-target/release/cliffhanger}"
PORT="${PORT:-18800}"
DATA="${DATA:-/tmp/cliffhanger-soak}"
OUT="${OUT:-/tmp/cliffhanger-soak-out}"
CLIENTS="${CLIENTS:-1000}"
RATE="${RATE:-10}"
WRITERS="${WRITERS:-4}"
PAGE_CONNS="${PAGE_CONNS:-8}"
SAMPLE_SECS="${SAMPLE_SECS:-10}"
SECS=$((MINUTES * 60))
URL="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "soak: wrk is needed (Debian package wrk)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "soak: no binary at $BIN (cargo build --release)" >&2; exit 1; }
rm -rf "$DATA" "$OUT"
mkdir -p "$DATA" "$OUT"
ulimit -n "$(ulimit -Hn)"

# Generous per-address limits: every client and writer comes from 127.0.0.1.
"$BIN" serve --data-dir "$DATA" --addr "127.0.0.1:$PORT" --demo \
  --ws-per-ip 30000 --ws-max 30000 --signups-per-ip 100000 --new-account-hours 0 \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "$URL/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "$URL/healthz" >/dev/null || { echo "soak: the server did not start" >&2; exit 1; }

# RSS samples: seconds since start, KiB.
(
  start=$(date +%s)
  while kill -0 "$SERVER" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo 0)
    echo "$(($(date +%s) - start)) $rss"
    sleep "$SAMPLE_SECS"
  done
) >"$OUT/rss.txt" &

# The thread page the writers reply to is also what the page readers read.
"$BIN" loadtest writes --url "$URL" --writers "$WRITERS" --duration-secs "$SECS" \
  --no-raw >"$OUT/writes.log" 2>&1 &
WRITES=$!
"$BIN" loadtest chat --url "$URL" --clients "$CLIENTS" --senders 12 --rate "$RATE" \
  --duration "$SECS" --server-pid "$SERVER" >"$OUT/chat.log" 2>&1 &
CHAT=$!
wrk -t1 -c"$PAGE_CONNS" -d"${SECS}s" --latency "$URL/shows/harbor-lights" >"$OUT/wrk-show.log" 2>&1 &
WRK=$!

status=0
wait "$CHAT" || status=1
wait "$WRITES" || status=1
wait "$WRK" || status=1
kill "$SERVER" 2>/dev/null || true
wait "$SERVER" 2>/dev/null || true

echo "chat:   $(tail -n1 "$OUT/chat.log")"
echo "writes: $(tail -n1 "$OUT/writes.log")"
grep -E 'Requests/sec|Non-2xx|Socket errors|99%' "$OUT/wrk-show.log" | sed 's/^/pages:  /'
# Growth after the first five minutes (the warm-up: caches and buffers filling), up to the
# end of the load: a sample taken after the clients have left would show memory given back.
awk -v warm=300 -v end="$SECS" '
  $1 > end { next }
  $1 >= warm && !base { base = $2; t0 = $1 }
  { last = $2; t = $1; if ($2 > peak) peak = $2 }
  END {
    if (!base) { print "rss: run shorter than the warm-up"; exit }
    printf "rss: %.1f MiB at %ds, %.1f MiB at %ds (peak %.1f MiB): %+.2f%% after warm-up\n",
      base / 1024, t0, last / 1024, t, peak / 1024, (last - base) * 100 / base
  }' "$OUT/rss.txt"
exit "$status"
