#!/usr/bin/env bash
# Template rendering benchmark, run by ./run.sh bench-engine: the cost per email of an email with a layout and two
# snippets from cached compiled templates (target: at most 50 µs), and of the email as sent (styles inlined).
# Writes the table to bench/results/templates-<date>.md. EMAILS (200000) sets the number of emails measured.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p bench/results
out="bench/results/templates-$(date -u +%Y-%m-%d).md"
{
  echo "# Template rendering benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)," \
    "load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "Command: ./run.sh bench-engine (bench/templates.sh; EMAILS=${EMAILS:-200000})"
  echo
  java -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    com.flownurture.bench.TemplateBench
} | tee "$out"
