#!/usr/bin/env bash
# The viewer goal as requests per second, repeated: `{ viewer { role } }` with a real token on
# yijin beside `{ __typename }` on yijin-ceiling, both servers pinned to core 0 and the load
# generator to core 1 (32 connections, 2 s warm-up, 5 s measured), ROUNDS times on a fresh
# SQLite demo each. One run's ratio moves by a fifth with whatever else the machine does, so
# read the median of the rounds (printed last), and alternate builds when comparing two.
#
#   crates/bench/viewer_ratio.sh                       # target/release, 5 rounds
#   ROUNDS=10 BIN=/path/to/other/release crates/bench/viewer_ratio.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${BIN:-target/release}"
rounds="${ROUNDS:-5}"
command -v taskset >/dev/null || { echo "taskset is needed (util-linux)" >&2; exit 1; }
work=$(mktemp -d)
server=""
ceiling=""
cleanup() { kill $server $ceiling 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

rps() {
  taskset -c 1 "$bin/yijin-bench" --url "$1" --token "$3" --scenario custom --query "$2" \
    --connections 32 --duration 5s --warmup 2s --json |
    python3 -c 'import json, sys; print([json.loads(l) for l in sys.stdin if l.startswith("{")][-1]["requests_per_second"])'
}

ratios=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/data"
  export YIJIN_DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/yijin.db"
  "$bin/yijin" seed --demo >/dev/null
  token=$("$bin/yijin" mint-token --role PLATFORM_ADMIN)
  YIJIN_ADDR=127.0.0.1:18690 YIJIN_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn \
    taskset -c 0 "$bin/yijin" serve >"$work/serve.log" 2>&1 &
  server=$!
  taskset -c 0 "$bin/yijin-ceiling" --addr 127.0.0.1:18691 >"$work/ceiling.log" 2>&1 &
  ceiling=$!
  for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18690/healthz >/dev/null 2>&1 && break; sleep 0.2; done
  c=$(rps http://127.0.0.1:18691 '{ __typename }' "")
  v=$(rps http://127.0.0.1:18690 '{ viewer { role } }' "$token")
  kill $server $ceiling; wait $server $ceiling 2>/dev/null || true; server=""; ceiling=""
  r=$(python3 -c "print(round($v / $c, 3))")
  ratios+=("$r")
  printf 'round %d: ceiling %.0f req/s, viewer %.0f req/s, viewer / ceiling %s\n' "$round" "$c" "$v" "$r"
done
python3 -c "import statistics, sys; r = sorted(map(float, sys.argv[1:])); print(f'viewer / ceiling over {len(r)} rounds: median {statistics.median(r):.3f}, range {r[0]:.3f}-{r[-1]:.3f}')" "${ratios[@]}"
