#!/usr/bin/env bash
# The server's peak memory while it streams an entries export of ROWS rows (default 1,000,000),
# as the README reports it: a fresh SQLite database seeded with the demo, ROWS synthetic entries
# appended, `yijin serve` started, its peak RSS reset (Linux: clear_refs 5) once it is idle,
# the whole CSV downloaded into a byte counter (nothing is kept on disk), the peak read back.
#
#   crates/bench/export_memory.sh            # 1,000,000 rows
#   ROWS=10000 crates/bench/export_memory.sh # the same at 10,000, for the ratio
#   PROFILE=release crates/bench/export_memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

rows="${ROWS:-1000000}"
port="${PORT:-18091}"
profile="${PROFILE:-debug}"
flag=""; [ "$profile" = release ] && flag="--release"

cargo build $flag -q -p gateway -p bench --bin yijin --bin yijin-fill-ledger
bin="target/$profile"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export YIJIN_DATA_DIR="$work/data"
export DATABASE_URL="sqlite://$work/data/yijin.db"
mkdir -p "$work/data"
"$bin/yijin" seed --demo >/dev/null
"$bin/yijin-fill-ledger" --rows "$rows"
YIJIN_ADDR="127.0.0.1:$port" YIJIN_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn \
  "$bin/yijin" serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
token=$("$bin/yijin" mint-token --role PLATFORM_ADMIN)
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }
idle=$(kib VmRSS)
echo 5 > "/proc/$server_pid/clear_refs"
start=$(date +%s.%N)
read -r lines bytes < <(curl -sf -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/exports/entries.csv" | wc -lc)
end=$(date +%s.%N)
peak=$(kib VmHWM)
echo "profile $profile · $rows entries · $((lines - 1)) rows · $bytes bytes in $(echo "$end - $start" | bc) s"
echo "server RSS idle: $((idle / 1024)) MiB · peak during export: $((peak / 1024)) MiB"
