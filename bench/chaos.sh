#!/usr/bin/env bash
# Exactly-once under failure: ./run.sh chaos [ENROLLMENTS] (default 10000). A private PostgreSQL, 3 instances of the
# jar, one SIGKILLed every 10 s and restarted, 5 times; SMTP to a counting GreenMail sink. Writes the table to
# bench/results/chaos-<date>.md and exits 1 unless everything ran exactly once.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p bench/results
pg_dir=$(mktemp -d /tmp/flownurture-chaos-pg.XXXXXX)
chmod 755 "$pg_dir"
trap 'bin/pg-cluster.sh stop "$pg_dir/cluster" || true; rm -rf "$pg_dir"' EXIT
url=$(bin/pg-cluster.sh start "$pg_dir/cluster")
out="bench/results/chaos-$(date -u +%Y-%m-%d).md"
{
  echo "# Exactly once under failure, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)"
  echo "PostgreSQL: $(ls -d /usr/lib/postgresql/*/ | sort -V | tail -n1 | xargs basename), private cluster (fsync off)"
  echo "Command: ./run.sh chaos ${1:-10000}"
  echo
  java --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    com.flownurture.bench.ChaosBench "$url" target/flownurture.jar "${1:-10000}" 2>target/chaos-driver.log \
    || { echo; echo "FAILED: see target/chaos-driver.log"; exit 1; }
} | tee "$out"
