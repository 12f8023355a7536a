# Sourced by bench.sh and cluster.sh, which start PostgreSQL servers of
# their own: where the server binaries are, a free loopback port, and
# running a command as the postgres user when root.

# The newest installed PostgreSQL's server binaries; $1 is added to the
# message when there are none.
find_pg_bin() {
  local bin
  bin=$(pg_config --bindir 2>/dev/null || true)
  if [ ! -x "$bin/initdb" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) || true
  fi
  if [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries are missing: just setup --test installs them${1:-}" >&2
    return 1
  fi
  echo "$bin"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
