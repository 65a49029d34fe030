#!/usr/bin/env bash
# Server instructions per request, counted by valgrind's callgrind: yijin's `{ viewer { role } }`
# with a real token beside yijin-ceiling's `{ __typename }` (bare async-graphql on axum), and
# yijin's catalogue page beside the ceiling's page. Instructions, unlike requests per second, do
# not move with whatever else the machine runs, so the ratio is repeatable on shared cores; they
# do not count the kernel's work (both servers make the same system calls per request: one read,
# one write, an epoll wait) nor cache misses.
#
#   crates/bench/instructions.sh                 # release build, SQLite, 2,000 requests each
#   N=5000 SKIP_BUILD=1 crates/bench/instructions.sh
#
# Each server is warmed with 300 requests, its counters zeroed, then sent N requests on one
# keep-alive connection; what the server did in between (including its background tasks) is
# divided by N.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${N:-2000}"
# BIN=DIR measures binaries built elsewhere (an older commit, for a before/after pair).
bin="${BIN:-target/release}"
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
[ "${SKIP_BUILD:-0}" = 1 ] || [ -n "${BIN:-}" ] || cargo build --release -q -p gateway -p bench
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export YIJIN_DATA_DIR="$work/data" DATABASE_URL="sqlite://$work/data/yijin.db"
$bin/yijin seed --demo >/dev/null
token=$($bin/yijin mint-token --role PLATFORM_ADMIN)

# Sends N requests of one document on one connection; prints how many were answered 200.
send() {
  python3 - "$@" <<'PY'
import http.client, json, sys
port, n, query, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
body = json.dumps({"query": query})
headers = {"Content-Type": "application/json"}
if token:
    headers["Authorization"] = "Bearer " + token
c = http.client.HTTPConnection("127.0.0.1", port)
ok = 0
for _ in range(n):
    c.request("POST", "/graphql", body, headers)
    r = c.getresponse()
    data = r.read()
    ok += r.status == 200 and b'"errors"' not in data
print(ok)
PY
}

# count NAME PORT QUERY TOKEN -- COMMAND...: instructions per request of COMMAND's server.
count() {
  local name=$1 port=$2 query=$3 bearer=$4
  shift 5
  local out="$work/$name.callgrind"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  send "$port" 300 "$query" "$bearer" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  local ok
  ok=$(send "$port" "$n" "$query" "$bearer")
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  [ "$ok" = "$n" ] || { echo "$name: only $ok of $n requests answered without errors" >&2; exit 1; }
  local total path
  total=$(callgrind_annotate "$out.1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
  # The request path: everything under the HTTP connections' futures (hyper's, for yijin and
  # for axum::serve alike), without the runtime's parking and the background tasks, which run
  # by the clock, not by the request: under valgrind a request takes ~50 times longer, so a
  # poll every 250 ms weighs on the process total far more than it does at full speed.
  path=$(callgrind_annotate --inclusive=yes --threshold=100 "$out.1" 2>/dev/null |
    awk '/UpgradeableConnection<I,S.*as core::future::future::Future>::poll/ && !seen { gsub(",", "", $1); print $1; seen = 1 }')
  echo "$name $((total / n)) $((${path:-0} / n))"
}

catalogue_doc() {
  echo "{ catalogue(projectId: \"$1\", first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id priceYuan pricePerJin featured product { name jinPerUnit inStock images origin { name displayName } supplier { name } certification { certificateNo validTo } } } } }"
}

ceiling_page='{ catalogue(projectId: "x", first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id priceYuan pricePerJin featured product { name jinPerUnit inStock images origin { name displayName } supplier { name } certification { certificateNo validTo } } } } }'

# The demo project whose zone lists the most, found once without valgrind.
RUST_LOG=warn YIJIN_ADDR=127.0.0.1:18490 $bin/yijin serve >"$work/probe.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18490/healthz >/dev/null 2>&1 && break; sleep 0.2; done
project=$(curl -s http://127.0.0.1:18490/graphql -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $token" \
  -d '{"query":"{ stores { projects { id } listings { id } } }"}' | python3 -c '
import json, sys
stores = json.load(sys.stdin)["data"]["stores"]
best = max((s for s in stores if s["projects"]), key=lambda s: len(s["listings"]))
print(best["projects"][0]["id"])')
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

results="$work/results"
count ceiling 18491 '{ __typename }' "" -- $bin/yijin-ceiling --addr 127.0.0.1:18491 >>"$results"
RUST_LOG=warn YIJIN_ADDR=127.0.0.1:18490 YIJIN_RATE_LIMIT_PER_MINUTE=0 \
  count viewer 18490 '{ viewer { role } }' "$token" -- $bin/yijin serve >>"$results"
count ceiling-page 18491 "$ceiling_page" "" -- $bin/yijin-ceiling --addr 127.0.0.1:18491 >>"$results"
RUST_LOG=warn YIJIN_ADDR=127.0.0.1:18490 YIJIN_RATE_LIMIT_PER_MINUTE=0 \
  count catalogue 18490 "$(catalogue_doc "$project")" "$token" -- $bin/yijin serve >>"$results"
awk '{ v[$1] = $2; r[$1] = $3 } END {
  printf "instructions per request (N = %d), server side, callgrind: whole process / request path\n", '"$n"'
  printf "  ceiling { __typename }     %9d / %9d\n", v["ceiling"], r["ceiling"]
  printf "  viewer { viewer { role } } %9d / %9d   ceiling / viewer %.3f / %.3f\n", v["viewer"], r["viewer"], v["ceiling"] / v["viewer"], r["ceiling"] / r["viewer"]
  printf "  ceiling page               %9d / %9d\n", v["ceiling-page"], r["ceiling-page"]
  printf "  catalogue page             %9d / %9d   ceiling page / catalogue %.3f / %.3f\n", v["catalogue"], r["catalogue"], v["ceiling-page"] / v["catalogue"], r["ceiling-page"] / r["catalogue"]
}' "$results"
