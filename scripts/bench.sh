#!/usr/bin/env bash
# `just bench`: the benchmarks on SQLite and on a throwaway PostgreSQL
# cluster (initdb + pg_ctl of the newest PostgreSQL installed, started here
# and stopped at the end), so the sections print their PostgreSQL rows
# beside the SQLite ones (full-text search at a million: the "national"
# section; its row-by-row loading section only with CRM_BENCH_PG_SEARCH_URL).
#
# Environment:
#   CRM_BENCH_PG=0         SQLite only (no cluster is started)
#   CRM_BENCH_PG_*_URL     a database of your own for that section instead of
#                          the throwaway cluster's (see crm-bench's sections)
#   every other CRM_BENCH_* knob is crm-bench's own (BENCHMARKS.md, "Method")
set -euo pipefail
# A failing step inside $(…) (a database not created) stops the script too.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}
bench=$target/release/crm-bench
[ -x "$bench" ] || { echo "no $bench (cargo build --release -p crm-api)" >&2; exit 1; }

# The sign-in page in headless Chromium, served by the release `crm`
# (crm-e2e's harness: ChromeDriver, a new browser profile each run).
signin() {
  CRM_BIN=$target/release/crm cargo run -q -p crm-e2e --bin crm-web-bench
}

if [ "${CRM_BENCH_PG:-1}" = 0 ]; then
  "$bench"
  signin
  exit
fi
source scripts/postgres.sh
pg_bin=$(find_pg_bin " (or CRM_BENCH_PG=0)")

dir=$(mktemp -d "${TMPDIR:-/tmp}/crm-bench-pg.XXXXXX")
bench_pid=
stop() {
  if [ -n "$bench_pid" ]; then kill "$bench_pid" 2>/dev/null || true; fi
  as_pg "$pg_bin/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
port=$(free_port)
as_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
# A server as a deployment would tune it for this machine's memory; fsync on.
as_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=1GB -c max_wal_size=4GB" \
  start >/dev/null
url() {
  as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $1" >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/$1"
}
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $dir)"
CRM_BENCH_PG_HTTP_URL=${CRM_BENCH_PG_HTTP_URL:-$(url bench_http)}
CRM_BENCH_PG_SCALE_URL=${CRM_BENCH_PG_SCALE_URL:-$(url bench_scale)}
CRM_BENCH_PG_URL=${CRM_BENCH_PG_URL:-$(url bench_store)}
CRM_BENCH_PG_DELIVERY_URL=${CRM_BENCH_PG_DELIVERY_URL:-$(url bench_delivery)}
# Search, lists and reads at a million reports on PostgreSQL: 50,000 written
# as the demo writes them, then copied in SQL (row by row a million would
# take most of an hour here). CRM_BENCH_PG_SEARCH_URL loads row by row.
CRM_BENCH_PG_NATIONAL_URL=${CRM_BENCH_PG_NATIONAL_URL:-$(url bench_national)}
CRM_BENCH_NATIONAL_REPORTS=${CRM_BENCH_NATIONAL_REPORTS:-1000000}
# Exported apart from the assignments above, so that a database not created
# stops the script there.
export CRM_BENCH_PG_HTTP_URL CRM_BENCH_PG_SCALE_URL CRM_BENCH_PG_URL \
  CRM_BENCH_PG_DELIVERY_URL CRM_BENCH_PG_NATIONAL_URL CRM_BENCH_NATIONAL_REPORTS
# In the background, so that a signal to this script is handled at once.
"$bench" &
bench_pid=$!
wait "$bench_pid"
bench_pid=
signin
