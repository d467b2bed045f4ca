#!/usr/bin/env bash
# Queries per uncached page: starts a demo server with the read cache off and sqlx's query
# log on, fetches each page three times and prints the fewest statements one fetch logged
# (a background sweep running in between can only add lines, never remove them).
#
#   benches/query_count.sh [PAGE...]     (default: home, show, forum, board, episode, thread)
#
# Environment: BIN (default target/release/cliffhanger), PORT (18810), DATA (scratch dir),
# COOKIE (a `ch_session=…` cookie to count a signed-in viewer's pages).
set -euo pipefail
BIN="${BIN:-target/release/cliffhanger}"
PORT="${PORT:-18810}"
DATA="${DATA:-/tmp/cliffhanger-qcount}"
URL="http://127.0.0.1:$PORT"
LOG="$DATA.log"
[ -x "$BIN" ] || { echo "query_count: no binary at $BIN" >&2; exit 1; }
rm -rf "$DATA" && mkdir -p "$DATA"
RUST_LOG="info,sqlx::query=debug" "$BIN" serve --data-dir "$DATA" --addr "127.0.0.1:$PORT" \
  --demo --page-cache 0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# The demo's first show, one of its boards, episode and thread, found from the pages.
show=$(curl -fs "$URL/" | grep -o 'href="/shows/[a-z0-9-]*"' | head -n1 | cut -d/ -f3 | tr -d '"')
thread=$(curl -fs "$URL/shows/$show/forum" | grep -o 'href="/threads/[0-9]*' | head -n1 | cut -d/ -f3)
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  pages=("/" "/shows/$show" "/shows/$show/forum" "/shows/$show/forum/general"
    "/shows/$show/episodes/s01e01" "/threads/$thread")
fi
statements() { grep -c 'sqlx::query' "$LOG" || true; }
for page in "${pages[@]}"; do
  best=""
  for _ in 1 2 3; do
    before=$(statements)
    code=$(curl -s -o /dev/null -w '%{http_code}' ${COOKIE:+-H "Cookie: $COOKIE"} "$URL$page")
    # The log is written as the statements run; the response comes after the last one.
    n=$(($(statements) - before))
    if [ -z "$best" ] || [ "$n" -lt "$best" ]; then best=$n; fi
  done
  printf '%-40s %s  %s queries\n' "$page" "$code" "$best"
done
