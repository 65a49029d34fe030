#!/usr/bin/env bash
# The benchmark as the README reports it: a release build, a fresh demo database, the server on
# a loopback port, every scenario for DURATION with CONNECTIONS, then the server stopped.
#
#   crates/bench/run.sh                      # SQLite (a fresh file under a temporary directory)
#   crates/bench/run.sh postgres://postgres@127.0.0.1:5432/postgres   # a fresh database there
#
# Rate limiting is off for the run (it would measure the limiter); logs at warn.
set -euo pipefail
cd "$(dirname "$0")/../.."

admin_url="${1:-}"
connections="${CONNECTIONS:-16}"
duration="${DURATION:-10s}"
port="${PORT:-18090}"

cargo build --release -q -p gateway -p bench
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
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
  target/release/yijin serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

token=$(target/release/yijin mint-token --role PLATFORM_ADMIN)
echo "database: ${DATABASE_URL%%:*} · $(nproc) cores · $connections connections · $duration per scenario"
target/release/yijin-bench --url "http://127.0.0.1:$port" --scenario all \
  --connections "$connections" --duration "$duration" --token "$token"
