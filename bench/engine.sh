#!/usr/bin/env bash
# Engine benchmark: ./run.sh bench-engine [ENROLLMENTS]  (default 100000). Prints step executions per second and
# the due-to-executed lag; writes the table to bench/results/engine-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p bench/results
out="bench/results/engine-$(date -u +%Y-%m-%d).md"
{
  echo "# Engine benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)"
  echo "Command: ./run.sh bench-engine ${1:-100000}"
  echo
  java --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    com.flownurture.bench.EngineBench "${1:-100000}" 2>/dev/null
} | tee "$out"
