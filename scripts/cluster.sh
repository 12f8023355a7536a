#!/usr/bin/env bash
# A cluster on this machine, as a city would run one across machines:
#   a PostgreSQL primary and a streaming replica made from it (pg_basebackup),
#   three `crm serve` sharing them (heavy reads on the replica, photos in one
#   folder or in S3 with CRM_MEDIA_URL), each restarted when it stops (as a
#   service manager would), and HAProxy in front, sending requests only to
#   servers whose /readyz answers.
# Runs in the foreground; Ctrl-C stops everything.
#
# Environment:
#   CRM_CLUSTER_PORT   the balancer's port (default 8080)
#   CRM_CLUSTER_DIR    where the databases, logs and pid files go (default
#                      .cluster; emptied at start)
#   CRM_CLUSTER_DEMO   load the demo data set (default 1)
#   CRM_CLUSTER_FLAGS  more flags for every `crm serve`
#   CRM_BIN            the server binary (default target/release/crm)
# Written for other programs: $CRM_CLUSTER_DIR/cluster.env (addresses) and
# $CRM_CLUSTER_DIR/crm-N.pid (the running server N's process id).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

port=${CRM_CLUSTER_PORT:-8080}
dir=${CRM_CLUSTER_DIR:-.cluster}
demo=${CRM_CLUSTER_DEMO:-1}
target=${CARGO_TARGET_DIR:-$root/target}
bin=${CRM_BIN:-$target/release/crm}
servers=3

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# find_pg_bin, free_port, as_pg
source scripts/postgres.sh

[ -x "$bin" ] || { echo "no server binary at $bin (cargo build --release -p crm-api)" >&2; exit 1; }
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -x "$haproxy" ] || { echo "HAProxy is missing: just setup --test installs it (apt-get install haproxy)" >&2; exit 1; }
pg_bin=$(find_pg_bin)

rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$dir/pg"
  chown postgres:postgres "$dir/pg"
fi

pids=()
stop_all() {
  trap - INT TERM EXIT
  touch "$dir/stop"
  for f in "$dir"/crm-*.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$dir/pg/replica" stop -m fast >/dev/null 2>&1 || true
  as_pg "$pg_bin/pg_ctl" -D "$dir/pg/primary" stop -m fast >/dev/null 2>&1 || true
}
trap stop_all INT TERM EXIT

say "PostgreSQL primary"
primary_port=$(free_port)
as_pg "$pg_bin/initdb" -D "$dir/pg/primary" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$dir/pg/primary" -l "$dir/pg/primary.log" -w \
  -o "-p $primary_port -k $dir/pg -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c max_connections=200" \
  start >/dev/null
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$primary_port" -U postgres -qc "CREATE DATABASE crm" >/dev/null

say "PostgreSQL streaming replica (pg_basebackup)"
replica_port=$(free_port)
as_pg "$pg_bin/pg_basebackup" -D "$dir/pg/replica" -h 127.0.0.1 -p "$primary_port" -U postgres -R -X stream --checkpoint=fast
as_pg "$pg_bin/pg_ctl" -D "$dir/pg/replica" -l "$dir/pg/replica.log" -w \
  -o "-p $replica_port -k $dir/pg -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200" \
  start >/dev/null

primary_url="postgres://postgres@127.0.0.1:$primary_port/crm"
replica_url="postgres://postgres@127.0.0.1:$replica_port/crm"
if [ -z "${CRM_JWT_SECRET:-}" ]; then
  CRM_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
fi
export CRM_JWT_SECRET
export CRM_ADMIN_PASSWORD=${CRM_ADMIN_PASSWORD:-admin12345}
export DATABASE_URL=$primary_url
"$bin" migrate >/dev/null

# Server N, restarted whenever it stops, until the cluster stops.
serve() {
  local n=$1 server_port=$2
  shift 2
  while [ ! -f "$dir/stop" ]; do
    # shellcheck disable=SC2086
    "$bin" serve --addr "127.0.0.1:$server_port" \
      --database-url "$primary_url" --database-read-url "$replica_url" \
      --media-dir "$dir/media" --web-dir "$root/frontend/dist" --workers 2 \
      --shutdown-grace 10 "$@" ${CRM_CLUSTER_FLAGS:-} >>"$dir/crm-$n.log" 2>&1 &
    echo $! >"$dir/crm-$n.pid"
    wait $! || true
    [ -f "$dir/stop" ] || sleep 1
  done
}

wait_ready() {
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$1/readyz" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $1/readyz" >&2
  return 1
}

server_ports=()
for n in $(seq 1 $servers); do
  server_ports+=("$(free_port)")
done
say "crm server 1 (loads the demo data when asked)"
first_flags=(--dev)
[ "$demo" = 1 ] && first_flags+=(--demo)
serve 1 "${server_ports[0]}" "${first_flags[@]}" &
pids+=($!)
wait_ready "http://127.0.0.1:${server_ports[0]}"
for n in $(seq 2 $servers); do
  say "crm server $n"
  serve "$n" "${server_ports[$((n - 1))]}" --dev &
  pids+=($!)
done
for n in $(seq 2 $servers); do
  wait_ready "http://127.0.0.1:${server_ports[$((n - 1))]}"
done

say "HAProxy on port $port"
{
  cat <<EOF
global
    log stderr format short local0 warning
    maxconn 4096

defaults
    mode http
    log global
    option httplog
    option redispatch
    retries 3
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout http-keep-alive 10s

frontend crm
    bind 127.0.0.1:$port
    default_backend crm

backend crm
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
EOF
  for n in $(seq 1 $servers); do
    echo "    server crm$n 127.0.0.1:${server_ports[$((n - 1))]} check"
  done
} >"$dir/haproxy.cfg"
"$haproxy" -c -q -f "$dir/haproxy.cfg"
"$haproxy" -f "$dir/haproxy.cfg" -db >>"$dir/haproxy.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$port"

cat >"$dir/cluster.env" <<EOF
BALANCER=http://127.0.0.1:$port
PRIMARY_URL=$primary_url
REPLICA_URL=$replica_url
SERVER_PORTS=${server_ports[*]}
EOF
echo "CRM Jakarta cluster: http://127.0.0.1:$port/  (${servers} servers: ${server_ports[*]}; logs in $dir)"
echo "  PostgreSQL primary $primary_url, replica $replica_url"
echo "  Administrator: admin / $CRM_ADMIN_PASSWORD$([ "$demo" = 1 ] && echo '; demo logins: password demo12345')"
echo "  Ctrl-C stops the cluster."
touch "$dir/ready"
wait
