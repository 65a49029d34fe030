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

cargo build --release -q -p gateway -p bench
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
YIJIN_ADDR="127.0.0.1:$port" YIJIN_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn \
  $server_cpu target/release/yijin serve >"$work/serve.log" 2>&1 &
server_pid=$!
$server_cpu target/release/yijin-ceiling --addr "127.0.0.1:$ceiling_port" >"$work/ceiling.log" 2>&1 &
ceiling_pid=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

token=$(target/release/yijin mint-token --role PLATFORM_ADMIN)
echo "database: ${DATABASE_URL%%:*} · $(nproc) cores · $connections connections · $duration per scenario"
$client_cpu target/release/yijin-bench --url "http://127.0.0.1:$port" --scenario all \
  --ceiling-url "http://127.0.0.1:$ceiling_port" \
  --connections "$connections" --duration "$duration" --token "$token"
