#!/usr/bin/env bash
# Webhook delivery benchmark, run by ./run.sh bench-engine: deliveries per second to a receiver on 127.0.0.1, and a
# receiver down for DOWN_SECONDS (60) while events keep coming (nothing may be lost). Writes the table to
# bench/results/webhooks-<date>.md. EVENTS (25000) sets the size of the rate run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
mkdir -p bench/results
out="bench/results/webhooks-$(date -u +%Y-%m-%d).md"
{
  echo "# Webhook delivery benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)"
  echo "Command: ./run.sh bench-engine (bench/webhooks.sh; EVENTS=${EVENTS:-25000}, DOWN_SECONDS=${DOWN_SECONDS:-60})"
  echo
  java --enable-native-access=ALL-UNNAMED -Xmx512m ${BENCH_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    com.flownurture.bench.WebhookBench 2>/dev/null
} | tee "$out"
