# Sourced by bench/api.sh and bench/engine.sh for --backend postgres: Debian's postgresql installed when missing, and
# a private cluster started (bin/pg-cluster.sh) in a temporary folder. Durability as SQLite's WAL with
# synchronous=NORMAL gives (a crash may lose the last commits, never corrupts the files), not the test cluster's
# fsync=off; shared_buffers as on a small VM. Sets PG_BIN, PG_DIR and PG_PORT; the caller's EXIT trap runs pg_stop.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "Installing postgresql (Debian package) ..." >&2
  pg_sudo=""; [[ $(id -u) -ne 0 ]] && pg_sudo=sudo
  $pg_sudo apt-get update -qq && $pg_sudo apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
PG_DIR=$(mktemp -d /tmp/flownurture-bench-pg.XXXXXX)
chmod 755 "$PG_DIR"
PG_SETTINGS="fsync on, synchronous_commit off, shared_buffers 256MB"
PG_CLUSTER_SETTINGS="-c fsync=on -c full_page_writes=on -c synchronous_commit=off -c shared_buffers=256MB" \
  bin/pg-cluster.sh start "$PG_DIR/cluster" >/dev/null
PG_PORT=$(cat "$PG_DIR/cluster/port")

pg_stop() { bin/pg-cluster.sh stop "$PG_DIR/cluster"; rm -rf "$PG_DIR"; }

# pg_sql DATABASE ARGS...: psql on the cluster, unaligned and quiet (-c "SQL" for each statement).
pg_sql() { local db=$1; shift; "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"; }

# pg_create DATABASE: a new empty database; prints its JDBC URL.
pg_create() {
  pg_sql postgres -c "CREATE DATABASE $1" >&2
  echo "jdbc:postgresql://127.0.0.1:$PG_PORT/$1?user=postgres"
}

# One line for a results file: the server's version and settings, and the load on the machine now.
pg_describe() {
  echo "Database: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on the same cores ($PG_SETTINGS)."
}
