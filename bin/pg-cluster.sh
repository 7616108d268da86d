#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and `./run.sh cluster`: Debian's postgresql binaries run as the postgres
# user (initdb refuses root) on a free port, fsync off, in a temporary data folder that `stop` removes.
#   bin/pg-cluster.sh start DIR   initdb + pg_ctl start in DIR; prints the JDBC URL of database "postgres"
#   bin/pg-cluster.sh stop DIR    stops the cluster and removes DIR
# PG_CLUSTER_SETTINGS adds server settings after these ("-c fsync=on -c shared_buffers=256MB"): the later one wins.
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [[ -z "$dir" ]]; then
    echo "PostgreSQL is not installed (Debian/Ubuntu: sudo apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_postgres() { # runs a command as the postgres user when we are root, else as ourselves
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    dir=$2
    bin=$(pg_bin)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    port=$(free_port)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
       -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB ${PG_CLUSTER_SETTINGS:-}" start >/dev/null
    echo "$port" >"$dir/port"
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    ;;
  stop)
    dir=$2
    if [[ -d "$dir/data" ]]; then
      as_postgres "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
      # A server already shutting down (a signal to the whole process group) may still be writing its files.
      for _ in $(seq 1 50); do [[ -f "$dir/data/postmaster.pid" ]] || break; sleep 0.2; done
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
