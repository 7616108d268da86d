#!/usr/bin/env bash
# Event ingest benchmark, run by ./run.sh bench-engine after the engine benchmark: POST /api/v1/events one event a
# request (64 connections) and POST /api/v1/events/batch with 1000 events a request, against the real server (the
# jar, bench/bench.yaml) on a fresh database, each event resolving its contact by email. Prints events per second
# and writes the table to bench/results/events-<date>.md. Needs the jar (./run.sh builds it) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${BENCH_SECONDS:-15}
JAR=target/flownurture.jar
WORK=bench/data/events
export BENCH_CONTACTS=${BENCH_CONTACTS:-10000} BENCH_BATCH=1000
command -v wrk >/dev/null || { echo "the events benchmark needs wrk (apt-get install wrk)" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK" bench/results
DB=$WORK/events.db

ORG=$(java -jar "$JAR" orgs create --name Bench --db "$DB" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
KEY=$(java -jar "$JAR" keys create --org "$ORG" --name bench --db "$DB" \
  --scopes events:read,events:write,contacts:read,contacts:write | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
export BENCH_KEY=$KEY

PORT=$(( (RANDOM % 20000) + 30000 ))
BASE=http://127.0.0.1:$PORT
# shellcheck disable=SC2086
java ${SERVER_JAVA_OPTS:-} -jar "$JAR" serve --db "$DB" --config bench/bench.yaml --port "$PORT" \
  >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/health"; do
  kill -0 $PID 2>/dev/null || { echo "the server did not start; see $WORK/server.log" >&2; exit 1; }
  sleep 0.05
done

# The contacts, created by the batch endpoint's upsert (1000 a request).
for ((start = 1; start <= BENCH_CONTACTS; start += 1000)); do
  items=$(seq "$start" $((start + 999)) | awk '{printf "%s{\"email\":\"bench%d@bench.example\",\"name\":\"signed_up\",\"upsertContact\":true}", (NR>1?",":""), $1}')
  curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"events\":[$items]}" "$BASE/api/v1/events/batch"
done

declare -a LINES=()
# run NAME CONNECTIONS EVENTS-PER-REQUEST TARGET -- wrk arguments...
run() {
  local name=$1 conns=$2 per=$3 target=$4; shift 5
  local requests seconds p50 p99 errors non2xx
  eval "$(wrk -t2 -c"$conns" -d"${SECONDS_EACH}s" "$@" | grep '^RESULT' | sed 's/^RESULT //' | tr ' ' '\n' \
    | sed 's/^/local /')"
  local rate met=yes
  rate=$(echo "$requests * $per / $seconds" | bc)
  (( rate >= target && errors + non2xx == 0 )) || met=no
  LINES+=("| $name | $conns | $rate | $p50 | $p99 | ≥ $target/s | $met |")
  printf '%-40s %4s conns %8s events/s  p50 %8s ms  p99 %8s ms  %s\n' "$name" "$conns" "$rate" "$p50" "$p99" \
    "$met" >&2
}

wrk -t2 -c16 -d3s -s bench/wrk/event.lua "$BASE" >/dev/null
run "POST /events (one a request)" 64 1 5000 -- -s bench/wrk/event.lua "$BASE"
run "POST /events/batch (1000 a request)" 4 "$BENCH_BATCH" 30000 -- -s bench/wrk/event-batch.lua "$BASE"
stored=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $KEY" "$BASE/api/v1/events?limit=1" \
  | tr -d '\r' | sed -n 's/^[Xx]-[Tt]otal-[Cc]ount: //p')
kill $PID; wait $PID 2>/dev/null || true
trap - EXIT

out=bench/results/events-$(date -u +%Y-%m-%d).md
{
  echo "# Event ingest benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)."
  echo "Command: \`./run.sh bench-engine\` (bench/events.sh; ${SECONDS_EACH} s a scenario; wrk with 2 threads on the same cores)."
  echo "Data: $BENCH_CONTACTS contacts; each event names its contact by email; $stored events stored at the end."
  echo "Load average at the end: $(cat /proc/loadavg)"
  echo
  echo "| scenario | connections | events/s | p50 ms | p99 ms | target | met |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${LINES[@]}"
} | tee "$out"
