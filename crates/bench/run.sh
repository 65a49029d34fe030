#!/usr/bin/env bash
# The benchmark as the README reports it: a release build, a fresh demo database, the server on
# a loopback port, every scenario for DURATION with CONNECTIONS, then the server stopped.
#
#   crates/bench/run.sh                      # SQLite (a fresh file under a temporary directory)
#   crates/bench/run.sh postgres://postgres@127.0.0.1:5432/postgres   # a fresh database there
#
# Rate limiting is off for the run (it would measure the limiter); logs at warn. Beside yijin
# runs yijin-ceiling, bare async-graphql on the same axum stack answering the same catalogue
# page from memory: viewer and catalogue are reported as ratios to it too. With PIN=1 (and
# taskset installed) both servers run on core 0 and the load generator on core 1.
set -euo pipefail
cd "$(dirname "$0")/../.."

admin_url="${1:-}"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-10s}"
port="${PORT:-18090}"
ceiling_port=$((port + 1))
server_cpu=""
client_cpu=""
if [ "${PIN:-0}" = 1 ] && command -v taskset >/dev/null; then
  server_cpu="taskset -c 0"
  client_cpu="taskset -c 1"
fi

# SKIP_BUILD=1 measures the release binaries already built.
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release -q -p gateway -p bench
work=$(mktemp -d)
server_pid=""
ceiling_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$ceiling_pid" ] && kill "$ceiling_pid" 2>/dev/null || true
  if [ -n "$admin_url" ]; then
    psql "$admin_url" -q -c "DROP DATABASE IF EXISTS yijin_bench WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export YIJIN_DATA_DIR="$work/data"
if [ -n "$admin_url" ]; then
  psql "$admin_url" -q -c "DROP DATABASE IF EXISTS yijin_bench WITH (FORCE)" -c "CREATE DATABASE yijin_bench" >/dev/null
  export DATABASE_URL="${admin_url%/*}/yijin_bench"
else
  export DATABASE_URL="sqlite://$work/data/yijin.db"
fi

target/release/yijin seed --demo >/dev/null
# The catalogue at size: 1,000 more projects, each with a zone of 10 listings.
target/release/yijin-fill-catalogue --projects "${FILL_PROJECTS:-1000}" --listings 10

start_server() {
  env YIJIN_ADDR="127.0.0.1:$port" YIJIN_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn "$@" \
    $server_cpu target/release/yijin serve >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
# Statements and GraphQL requests so far, from /metrics.
counters() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '
    /^yijin_db_statements_total/ { s += $2 }
    /^yijin_graphql_requests_total/ { r += $2 }
    END { printf "%d %d\n", s, r }'
}
# One scenario, then its SQL statements per request and the server's resident memory.
measure() {
  local before after
  before=$(counters)
  $client_cpu target/release/yijin-bench --url "http://127.0.0.1:$port" --token "$token" \
    --duration "$duration" "$@"
  after=$(counters)
  awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " ");
    r = y[2] - x[2]; if (r > 0) printf "  statements per request: %.2f\n", (y[1] - x[1]) / r }'
  echo "  server RSS: $(awk '/VmRSS/ { print $2 / 1024 " MB" }' "/proc/$server_pid/status")"
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^yijin_shel' | sed 's/^/  /'
}

start_server
$server_cpu target/release/yijin-ceiling --addr "127.0.0.1:$ceiling_port" >"$work/ceiling.log" 2>&1 &
ceiling_pid=$!

token=$(target/release/yijin mint-token --role PLATFORM_ADMIN)
echo "database: ${DATABASE_URL%%:*} · $(nproc) cores · $connections connections · $duration per scenario"
measure --scenario all --ceiling-url "http://127.0.0.1:$ceiling_port" --connections "$connections"
echo "== the catalogue of every project in turn (warm once each shelf is read)"
measure --scenario graphql-catalogue-rotating --connections "$connections"
echo "== the catalogue while a listing's price changes ten times a second"
measure --scenario graphql-catalogue-under-writes --connections "$connections"
echo "== every project in turn with 256 connections (memory with the shelves full)"
measure --scenario graphql-catalogue-rotating --connections 256
echo "== cold: no shelf kept (YIJIN_SHELF_CAPACITY=0), every page reads its project's shelf"
stop_server
start_server YIJIN_SHELF_CAPACITY=0
measure --scenario graphql-catalogue-rotating --connections "$connections"
