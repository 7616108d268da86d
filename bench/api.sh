#!/usr/bin/env bash
# API benchmark at a million contacts: ./run.sh bench [--backend sqlite|postgres] [ROWS]
#   (default sqlite and 1000000; BENCH_SECONDS per scenario, 10)
#
# Builds (once, then reuses) an SQLite database of ROWS contacts with `contacts import`, starts the server on it with
# bench/bench.yaml, drives each scenario with wrk on loopback and prints req/s, p50 and p99 with each scenario's
# ratio to the baseline (GET /health: no auth, no database) measured in the same run. The table also goes to
# bench/results/api-<date>.md. With --backend postgres, a private PostgreSQL cluster (bin/pg-cluster.sh, removed at
# the end) gets a copy of that database through `migrate-to`, and the server runs on it; the table goes to
# bench/results/api-postgres-<date>.md. Run by ./run.sh, which finds the JDK and builds the jar first.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKEND=sqlite
if [[ ${1:-} == --backend ]]; then BACKEND=${2:-}; shift 2 || true; fi
if [[ $BACKEND != sqlite && $BACKEND != postgres ]]; then
  echo "usage: ./run.sh bench [--backend sqlite|postgres] [ROWS]" >&2
  exit 2
fi
ROWS=${1:-1000000}
SECONDS_EACH=${BENCH_SECONDS:-10}
JAR=target/flownurture.jar
WORK=bench/data
mkdir -p "$WORK" bench/results

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v curl >/dev/null || missing+=(curl)
  command -v bc >/dev/null || missing+=(bc)
  if ((${#missing[@]})); then
    echo "Installing ${missing[*]} (Debian packages) ..." >&2
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# --- the database, built once per data set and schema -------------------------------------------------------------
build_template() {
  local template=$1
  if [[ ! -s $CSV ]]; then
    rm -f "$WORK"/contacts-"$ROWS"-*.csv
    echo "Writing $CSV ..." >&2
    java bench/ContactsCsv.java "$ROWS" > "$CSV.tmp" && mv "$CSV.tmp" "$CSV"
  fi
  rm -f "$template" "$template"-wal "$template"-shm
  local org
  org=$(java -jar "$JAR" orgs create --name "Bench" --db "$template" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  local start end
  start=$(date +%s.%N)
  java -jar "$JAR" contacts import --org "$org" --file "$CSV" --db "$template" >"$WORK/import.json"
  end=$(date +%s.%N)
  local key
  key=$(java -jar "$JAR" keys create --org "$org" --name bench --db "$template" \
    --scopes contacts:read,contacts:write,segments:read,segments:write | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
  # A checkpoint folds the WAL into the file, so a copy of the file alone is the whole database.
  sqlite3 "$template" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  umask 077
  printf 'ORG=%s\nKEY=%s\nIMPORT_SECONDS=%s\n' "$org" "$key" "$(echo "$end - $start" | bc)" > "$template.env"
}

install_tools
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
CSV=$WORK/contacts-$ROWS-$(sha256sum bench/ContactsCsv.java | cut -c1-12).csv
# The database is rebuilt when what shapes it changes: the schema, the data or the importer.
stamp=$(cat src/main/resources/db/migration/sqlite/*.sql bench/ContactsCsv.java \
  src/main/java/com/flownurture/contacts/ContactImport.java | sha256sum | cut -c1-12)
TEMPLATE=$WORK/contacts-$ROWS-$stamp.db
if [[ ! -f $TEMPLATE.env ]]; then
  rm -f "$WORK"/contacts-"$ROWS"-*.db*
  build_template "$TEMPLATE"
fi
# shellcheck disable=SC1090
source "$TEMPLATE.env"
IMPORT_RATE=$(echo "$ROWS / $IMPORT_SECONDS" | bc)

DB=$WORK/run.db
rm -f "$DB" "$DB"-wal "$DB"-shm
cp "$TEMPLATE" "$DB"
export BENCH_KEY=$KEY BENCH_IDS=$WORK/ids.txt
# On PostgreSQL too the ids come from the SQLite copy: migrate-to keeps them, and a 404 would count as an error.
sqlite3 "$DB" "SELECT id FROM contacts ORDER BY random() LIMIT 20000;" > "$BENCH_IDS"
# A dashboard user, for the dashboard's pages.
DASH_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$DASH_PASSWORD" | java -jar "$JAR" users create --org "$ORG" --email bench@example.com --role admin \
  --db "$DB" >/dev/null

# --- PostgreSQL: a private cluster, the copy moved into it with migrate-to -----------------------------------------
DB_URL=$DB
PID=
if [[ $BACKEND == postgres ]]; then
  # shellcheck source=bench/postgres.sh
  source bench/postgres.sh
  trap 'kill $PID 2>/dev/null || true; pg_stop' EXIT
  DB_URL=$(pg_create bench)
  echo "migrate-to: moving the $ROWS-contact database into PostgreSQL ..." >&2
  start=$(date +%s.%N)
  java -jar "$JAR" migrate-to --db "$DB" --url "$DB_URL" >"$WORK/migrate.json"
  MIGRATE_SECONDS=$(echo "scale=1; ($(date +%s.%N) - $start) / 1" | bc | sed "s/^\./0./")
  MIGRATED_ROWS=$(python3 -c 'import json, sys; r = json.load(sys.stdin)["rows"]
print("{:,} rows in {} tables, {:,} contacts, {:,} tags on them".format(
    sum(r.values()), len(r), r["contacts"], r["contact_tags"]))' <"$WORK/migrate.json")
  MIGRATE_VERIFIED=$(python3 -c 'import json, sys; print(str(json.load(sys.stdin)["verified"]).lower())' \
    <"$WORK/migrate.json")
  echo "migrate-to: $MIGRATE_SECONDS s, verified=$MIGRATE_VERIFIED: $MIGRATED_ROWS" >&2
  rm -f "$DB" "$DB"-wal "$DB"-shm
  # What an operator does after a bulk load (autovacuum would, later): statistics for the planner, visibility map.
  start=$(date +%s.%N)
  pg_sql bench -c "VACUUM ANALYZE"
  ANALYZE_SECONDS=$(echo "scale=1; ($(date +%s.%N) - $start) / 1" | bc | sed "s/^\./0./")
fi

# --- the server ---------------------------------------------------------------------------------------------------
PORT=$(( (RANDOM % 20000) + 30000 ))
BASE=http://127.0.0.1:$PORT
JAVA_OPTS="${SERVER_JAVA_OPTS:-} ${BENCH_JAVA_OPTS:-}"
if [[ ! -f target/flownurture.jsa ]]; then
  # The first start after a build writes the class-data archive when it stops; time the starts after it.
  java $JAVA_OPTS -jar "$JAR" serve --db "$DB_URL" --config bench/bench.yaml --port "$PORT" >/dev/null 2>&1 &
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.05; done
  kill $! && wait $! 2>/dev/null || true
fi
start_ns=$(date +%s%N)
java $JAVA_OPTS -jar "$JAR" serve --db "$DB_URL" --config bench/bench.yaml --port "$PORT" \
  >"$WORK/server.log" 2>&1 &
PID=$!
[[ $BACKEND == postgres ]] || trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/health"; do
  kill -0 $PID 2>/dev/null || { echo "the server did not start; see $WORK/server.log" >&2; exit 1; }
  sleep 0.005
done
STARTUP_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))

AUTH="Authorization: Bearer $KEY"
declare -a LINES=()
BASELINE_RPS=0

# run NAME CONNECTIONS SECONDS TARGET-KIND TARGET-VALUE -- wrk arguments...
run() {
  local name=$1 conns=$2 secs=$3 kind=$4 target=$5; shift 6
  local out
  out=$(wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d"${secs}s" "$@" | grep '^RESULT')
  local requests seconds p50 p99 errors non2xx rps
  eval "$(echo "$out" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/local /')"
  rps=$(echo "$requests / $seconds" | bc)
  [[ $name == baseline ]] && BASELINE_RPS=$rps
  local ratio met="yes" goal
  ratio=$(echo "scale=2; $rps / $BASELINE_RPS" | bc | sed 's/^\./0./')
  case $kind in
    ratio) goal="≥ ${target}× baseline"; (( $(echo "$ratio >= $target" | bc) )) || met="no" ;;
    p99) goal="p99 ≤ ${target} ms"; (( $(echo "$p99 <= $target" | bc) )) || met="no" ;;
    p50p99) goal="p50 ≤ ${target%/*} ms, p99 ≤ ${target#*/} ms"
      (( $(echo "$p50 <= ${target%/*} && $p99 <= ${target#*/}" | bc) )) || met="no" ;;
    rate) goal="≥ ${target}/s, no errors"
      (( rps >= target && errors + non2xx == 0 )) || met="no" ;;
    *) goal="-"; met="-" ;;
  esac
  (( errors + non2xx == 0 )) || met="no ($((errors + non2xx)) errors)"
  LINES+=("| $name | $conns | $rps | $p50 | $p99 | $ratio | $goal | $met |")
  printf '%-34s %4s conns %8s req/s  p50 %8s ms  p99 %8s ms  %5s×  %s\n' "$name" "$conns" "$rps" "$p50" "$p99" \
    "$ratio" "$met" >&2
}

echo "Warming up ..." >&2
wrk -t2 -c16 -d5s -s bench/wrk/get-by-id.lua "$BASE" >/dev/null
wrk -t2 -c16 -d3s -H "$AUTH" "$BASE/api/v1/contacts?page=1&limit=25" >/dev/null
wrk -t2 -c8 -d3s -H "$AUTH" "$BASE/api/v1/contacts?search=gmail" >/dev/null

R=bench/wrk/report.lua
run baseline 16 "$SECONDS_EACH" none - -- -s $R "$BASE/health"
run "GET /contacts/:id (random)" 16 "$SECONDS_EACH" ratio 0.40 -- -s bench/wrk/get-by-id.lua "$BASE"
run "GET /contacts?page=1&limit=25" 16 "$SECONDS_EACH" ratio 0.25 -- -s $R -H "$AUTH" \
  "$BASE/api/v1/contacts?page=1&limit=25"
# Terms: a row's own email name (one match), a mail provider (one contact in twelve), and nothing.
rare=$(sed -n "$(( ROWS * 7 / 9 + 1 ))p" "$CSV" | cut -d@ -f1 | cut -d. -f2)
[[ -n $rare ]] || rare=tanaka
for term in "$rare" gmail zqxjv; do
  run "search=$term" 8 "$SECONDS_EACH" p50p99 2/20 -- -s $R -H "$AUTH" "$BASE/api/v1/contacts?search=$term"
done
run "GET /contacts?page=20000&limit=50" 8 "$SECONDS_EACH" p99 50 -- -s $R -H "$AUTH" \
  "$BASE/api/v1/contacts?page=20000&limit=50"
run "GET /contacts?page=10000&limit=50" 8 "$SECONDS_EACH" none - -- -s $R -H "$AUTH" \
  "$BASE/api/v1/contacts?page=10000&limit=50"

segment=$(curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' "$BASE/api/v1/segments" -d '{
  "name": "Engaged Globex leads",
  "groups": [{"rules": [
    {"field": "company", "operator": "equals", "value": "Globex"},
    {"field": "leadScore", "operator": "gt", "value": 50},
    {"field": "lifecycleStage", "operator": "in", "value": ["MQL", "SQL"]}]}]}' \
  | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
run "segment _count (3 rules)" 1 "$SECONDS_EACH" p99 200 -- -s $R -H "$AUTH" "$BASE/api/v1/segments/$segment"

# Database scheduling: point reads while two clients keep slow scans running (a 2-character search for a pair no
# contact has scans the whole organization).
wrk -t1 -c2 -d"$((SECONDS_EACH + 2))s" -H "$AUTH" "$BASE/api/v1/contacts?search=qz" >/dev/null &
SLOW=$!
sleep 1
run "GET /contacts/:id beside 2 slow scans" 16 "$SECONDS_EACH" none - -- -s bench/wrk/get-by-id.lua "$BASE"
wait $SLOW

# The dashboard: a session signed in through the form, then its heaviest pages.
JAR_COOKIES=$WORK/dashboard.cookies
rm -f "$JAR_COOKIES"
login_csrf=$(curl -sf -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p')
curl -sf -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode email=bench@example.com \
  --data-urlencode "password=$DASH_PASSWORD" --data-urlencode "_csrf=$login_csrf" "$BASE/login"
SESSION="Cookie: fn_session=$(awk '$6 == "fn_session" {print $7}' "$JAR_COOKIES")"
contact=$(head -n1 "$BENCH_IDS")
run "dashboard: contacts page" 8 "$SECONDS_EACH" p99 50 -- -s $R -H "$SESSION" "$BASE/contacts"
run "dashboard: a contact's page" 8 "$SECONDS_EACH" p99 50 -- -s $R -H "$SESSION" "$BASE/contacts/$contact"
run "dashboard: search=$rare" 8 "$SECONDS_EACH" p99 50 -- -s $R -H "$SESSION" "$BASE/contacts?search=$rare"
run "dashboard: overview" 4 "$SECONDS_EACH" p99 200 -- -s $R -H "$SESSION" "$BASE/"

run "POST /contacts (30 s)" 64 30 rate 10000 -- -s bench/wrk/create.lua "$BASE"
if [[ $BACKEND == sqlite ]]; then
  # The running server writes now and then (its instance heartbeat, WAL checkpoints): wait for its lock.
  created=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT count(*) FROM contacts;")
  fts=$(sqlite3 -cmd ".timeout 10000" "$DB" "INSERT INTO contacts_fts(contacts_fts, rank) VALUES('integrity-check', 1); SELECT 'ok';" 2>&1)
  WAL_MB=$(( $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) / 1048576 ))
else
  created=$(pg_sql bench -c "SELECT count(*) FROM contacts")
  # The trigram index must find what a scan of the table finds.
  by_index=$(pg_sql bench -c "SET enable_seqscan = off" \
    -c "SELECT count(*) FROM contacts WHERE email ILIKE '%gmail%'")
  by_scan=$(pg_sql bench -c "SET enable_bitmapscan = off" -c "SET enable_indexscan = off" \
    -c "SELECT count(*) FROM contacts WHERE email ILIKE '%gmail%'")
  fts="ok (index = scan, $by_index)"
  [[ $by_index == "$by_scan" ]] || fts="MISMATCH: $by_index by index, $by_scan by scan"
  WAL_MB=$(pg_sql bench -c "SELECT (coalesce(sum(size), 0) / 1048576)::bigint FROM pg_ls_waldir()")
  WAL_LIMIT_MB=$(pg_sql bench -c "SELECT setting FROM pg_settings WHERE name = 'max_wal_size'")
  DB_MB=$(pg_sql bench -c "SELECT pg_database_size('bench') / 1048576")
  # The shared rate limit takes a token from the key's bucket row with an UPDATE on every API request.
  BUCKET_UPDATES=$(pg_sql bench -c "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'rate_buckets'")
fi

RSS_MB=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$PID/status")
kill $PID; wait $PID 2>/dev/null || true

if [[ $BACKEND == sqlite ]]; then
  out=bench/results/api-$(date -u +%Y-%m-%d).md
  command="./run.sh bench $ROWS"
else
  out=bench/results/api-postgres-$(date -u +%Y-%m-%d).md
  command="./run.sh bench --backend postgres $ROWS"
fi
{
  echo "# API benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(java -version 2>&1 | head -n1)."
  echo "Command: \`$command\` (${SECONDS_EACH} s a scenario; wrk with 2 threads on the same cores)."
  echo "Load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  if [[ $BACKEND == postgres ]]; then
    pg_describe
  fi
  echo "Data: $ROWS contacts in one organization (bench/ContactsCsv.java), a third of them tagged."
  echo
  echo "| scenario | connections | req/s | p50 ms | p99 ms | × baseline | target | met |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${LINES[@]}"
  echo
  echo "| figure | value | target | met |"
  echo "|---|---|---|---|"
  echo "| start-up to the first served request (server JVM) | ${STARTUP_MS} ms | ≤ 1500 ms | $( ((STARTUP_MS <= 1500)) && echo yes || echo no) |"
  echo "| peak RSS of the server over the whole run | ${RSS_MB} MB | ≤ 400 MB | $( ((RSS_MB <= 400)) && echo yes || echo no) |"
  if [[ $BACKEND == sqlite ]]; then
    echo "| contacts import (\`contacts import\`, tags included) | ${IMPORT_RATE} rows/s | - | - |"
    echo "| contacts after the run, search index integrity-check | $created, $fts | - | - |"
    echo "| WAL file after the run | ${WAL_MB} MB | bounded (journal_size_limit 64 MB) | $( ((WAL_MB <= 64)) && echo yes || echo no) |"
  else
    echo "| \`migrate-to\` of the SQLite database (server stopped) | ${MIGRATE_SECONDS} s (then VACUUM ANALYZE ${ANALYZE_SECONDS} s), verified: $MIGRATED_ROWS | counts equal | $([[ $MIGRATE_VERIFIED == true ]] && echo yes || echo no) |"
    echo "| contacts after the run, trigram index vs a scan (gmail) | $created, $fts | - | - |"
    echo "| the shared rate limit's bucket row updates (one key, every API request) | $BUCKET_UPDATES | - | - |"
    echo "| pg_wal after the run; database size | ${WAL_MB} MB; ${DB_MB} MB | bounded (max_wal_size ${WAL_LIMIT_MB} MB) | $( ((WAL_MB <= WAL_LIMIT_MB)) && echo yes || echo no) |"
  fi
} | tee "$out"
echo "Written to $out" >&2
