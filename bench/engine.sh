#!/usr/bin/env bash
# Engine benchmark: ./run.sh bench-engine [--backend sqlite|postgres] [ENROLLMENTS]  (default sqlite, 100000).
# Prints step executions per second and the due-to-executed lag; writes the table to bench/results/engine-<date>.md.
# With --backend postgres, on a private PostgreSQL cluster (bin/pg-cluster.sh, removed at the end): EngineBench
# in-process, then EngineInstancesBench with 1, 2 and 3 `serve` processes on one database (a fresh one each);
# the tables go to bench/results/engine-postgres-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND=sqlite
if [[ ${1:-} == --backend ]]; then BACKEND=${2:-}; shift 2 || true; fi
if [[ $BACKEND != sqlite && $BACKEND != postgres ]]; then
  echo "usage: ./run.sh bench-engine [--backend sqlite|postgres] [ENROLLMENTS]" >&2
  exit 2
fi
N=${1:-100000}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p bench/results
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
header() {
  echo "# Engine benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)"
  echo "Command: ./run.sh bench-engine $([[ $BACKEND == sqlite ]] || echo "--backend postgres ")$N"
}

if [[ $BACKEND == sqlite ]]; then
  out="bench/results/engine-$(date -u +%Y-%m-%d).md"
  {
    header
    echo
    java --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" \
      com.flownurture.bench.EngineBench "$N" 2>/dev/null
  } | tee "$out"
  exit 0
fi

# shellcheck source=bench/postgres.sh
source bench/postgres.sh
trap pg_stop EXIT

out="bench/results/engine-postgres-$(date -u +%Y-%m-%d).md"
{
  header
  pg_describe
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "In-process (EngineBench: one engine, the bench's own JVM, woken at once by each enrollment):"
  java --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:-} -Ddatabase.url="$(pg_create inprocess)" \
    -cp "$CP" com.flownurture.bench.EngineBench "$N" 2>/dev/null
  echo
  echo "Instances (EngineInstancesBench: \`serve\` processes of the jar on one database, a fresh one each row; the"
  echo "work written and watched through the database; share = enrollments each instance claimed, from its /metrics;"
  echo "CPU = seconds of CPU per 1,000 steps used by the instances / by PostgreSQL's processes while they ran; lag at"
  echo "200 enrollments/s, due at once, found by the instances' 50 ms poll):"
  echo
  echo "| instances | $N enrollments × 3 steps | share per instance | CPU per 1,000 steps | lag due → executed |"
  echo "|---|---|---|---|---|"
  postmaster=$(head -n1 "$PG_DIR/cluster/data/postmaster.pid")
  for instances in 1 2 3; do
    java --enable-native-access=ALL-UNNAMED -Xmx512m -Dbench.postmaster="$postmaster" \
      -cp "$CP" com.flownurture.bench.EngineInstancesBench \
      "$(pg_create instances$instances)" "$instances" "$N" 2>/dev/null
  done
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$out"
