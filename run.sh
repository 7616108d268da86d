#!/usr/bin/env bash
# FlowNurture Server.
#   ./run.sh              build if needed, then serve (SQLite under data/, demo organization and key on first start)
#   ./run.sh build        build target/flownurture.jar
#   ./run.sh test         run the whole test suite on SQLite, then on PostgreSQL
#   ./run.sh test-postgres the whole suite on PostgreSQL (a private cluster, or FLOWNURTURE_TEST_DATABASE_URL)
#   ./run.sh soak         crash-consistency soak (20 SIGKILLs) and fuzzing, a few minutes
#   ./run.sh bench [ROWS] the API benchmark at a million contacts with wrk (bench/api.sh); --backend postgres first
#                         moves the database to a private PostgreSQL with migrate-to and serves from there
#   ./run.sh bench-engine the engine benchmark (bench/engine.sh), then event ingest, templates and webhooks; --backend postgres:
#                         the engine in-process and with 1, 2 and 3 instances on a private PostgreSQL
#   ./run.sh chaos [N]    exactly once under failure: 3 instances on PostgreSQL, 5 SIGKILLs (bench/chaos.sh)
#   ./run.sh cluster [N]  a private PostgreSQL and N instances (default 3) on ports 8080.. sharing it; Ctrl-C stops all
#   ./run.sh <command>    any command of the jar's CLI: orgs, keys, demo, serve --port 0, --help ...
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/flownurture.jar

java_major() { # prints the major version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    local v; v=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n "$v" && "$v" -ge 21 ]]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" best_v=0 dir v
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue
    v=$(java_major "$dir/bin/java")
    if [[ -n "$v" && "$v" -ge 21 && "$v" -gt "$best_v" ]]; then best=$dir; best_v=$v; fi
  done
  if [[ -z "$best" ]]; then
    cat >&2 <<'MSG'
FlowNurture Server needs a JDK 21 or newer, and none was found (JAVA_HOME, /usr/lib/jvm).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk     (or temurin-21-jdk from Adoptium)
  macOS:          brew install openjdk@21
then run this again, or point JAVA_HOME at it.
MSG
    exit 1
  fi
  echo "$best"
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Building needs Apache Maven 3.8+: install it (Debian/Ubuntu: sudo apt-get install maven)." >&2
    exit 1
  fi
}

JAVA_HOME=$(find_jdk)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; that says nothing about this project.
if [[ $(java_major "$JAVA_HOME/bin/java") -ge 24 ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

# The server's JVM: a heap sized for one small VM (the database's page cache lives outside it), the serial
# collector (two cores; short pauses on a small heap), and a class-data archive written by the first run after a
# build, which cuts start-up by about 40%. FLOWNURTURE_JAVA_OPTS replaces the first three.
SERVER_JAVA_OPTS="${FLOWNURTURE_JAVA_OPTS:--Xms96m -Xmx160m -Xmn80m -XX:+UseSerialGC} \
  -XX:SharedArchiveFile=target/flownurture.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
export SERVER_JAVA_OPTS
# glibc gives each thread that mallocs its own arena; SQLite's page caches on eight reader threads then hold far
# more memory than they use. Two arenas keep the server's RSS to what it uses.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The JVM ignores an archive made from another build of the jar, and does not replace it: drop it here.
if [[ -f target/flownurture.jsa && target/flownurture.jsa -ot "$JAR" ]]; then rm -f target/flownurture.jsa; fi

build() {
  require_maven
  mvn -B -q -DskipTests package
  # The class-data archive belongs to the jar it was made from; the next start writes a new one.
  rm -f target/flownurture.jsa
}

build_if_needed() {
  if [[ ! -f "$JAR" ]] || [[ -n "$(find src/main pom.xml config -newer "$JAR" -type f 2>/dev/null | head -n1)" ]]; then
    echo "Building $JAR ..." >&2
    build
  fi
}

# The OpenAPI linter (Redocly CLI, pinned in tools/openapi-lint) that OpenApiLintTest runs: installed when npm is
# at hand and the lockfile is newer than the installation. Without npm the test is skipped (and fails in CI).
install_lint_tools() {
  local dir=tools/openapi-lint
  command -v npm >/dev/null 2>&1 || return 0
  if [[ ! -f $dir/node_modules/.package-lock.json || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2 \
      || echo "Could not install the OpenAPI linter; OpenApiLintTest will be skipped." >&2
  fi
}

case "${1:-}" in
  build)
    build
    ;;
  test)
    # The suite on SQLite, then the same suite on PostgreSQL (see test-postgres). Without PostgreSQL at hand (no
    # FLOWNURTURE_TEST_DATABASE_URL, no initdb) the second pass is skipped with a note, and fails in CI.
    require_maven
    shift
    install_lint_tools
    env -u FLOWNURTURE_TEST_DATABASE_URL mvn -B test "$@"
    if [[ -z "${FLOWNURTURE_TEST_DATABASE_URL:-}" ]] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
      echo "PostgreSQL is not installed (Debian/Ubuntu: apt-get install postgresql): its pass is skipped." >&2
      [[ "${CI:-}" != "true" ]] || exit 1
      exit 0
    fi
    echo "The suite on PostgreSQL:" >&2
    exec "$0" test-postgres "$@"
    ;;
  test-postgres)
    # The suite on PostgreSQL: each test server gets a database of its own on the server FLOWNURTURE_TEST_DATABASE_URL
    # names, or on a private cluster started here (bin/pg-cluster.sh) and removed afterwards.
    require_maven
    shift
    install_lint_tools
    if [[ -n "${FLOWNURTURE_TEST_DATABASE_URL:-}" ]]; then
      exec mvn -B test "$@"
    fi
    pg_dir=$(mktemp -d /tmp/flownurture-pg.XXXXXX)
    chmod 755 "$pg_dir"
    trap 'bin/pg-cluster.sh stop "$pg_dir/cluster" || true; rm -rf "$pg_dir"' EXIT
    FLOWNURTURE_TEST_DATABASE_URL=$(bin/pg-cluster.sh start "$pg_dir/cluster")
    export FLOWNURTURE_TEST_DATABASE_URL
    mvn -B test "$@"
    ;;
  cluster)
    # Several instances on one PostgreSQL, on this machine: a private cluster (bin/pg-cluster.sh, removed on exit),
    # the demo organization made once, then N servers on consecutive ports from FLOWNURTURE_PORT (default 8080).
    build_if_needed
    count=${2:-3}
    base=${FLOWNURTURE_PORT:-8080}
    pg_dir=$(mktemp -d /tmp/flownurture-cluster.XXXXXX)
    chmod 755 "$pg_dir"
    pids=()
    stop_cluster() {
      for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
      wait 2>/dev/null || true
      bin/pg-cluster.sh stop "$pg_dir/cluster" || true
      rm -rf "$pg_dir"
    }
    trap stop_cluster EXIT
    trap 'exit 0' INT TERM
    url=$(bin/pg-cluster.sh start "$pg_dir/cluster")
    # Instances share no class-data archive: each JVM would write the same file.
    cluster_opts="${FLOWNURTURE_JAVA_OPTS:--Xms96m -Xmx160m -Xmn80m -XX:+UseSerialGC}"
    # shellcheck disable=SC2086
    key=$(java $cluster_opts -jar "$JAR" demo --db "$url" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p')
    for ((i = 0; i < count; i++)); do
      # shellcheck disable=SC2086
      java $cluster_opts -jar "$JAR" serve --port $((base + i)) --db "$url" >"$pg_dir/instance-$i.log" 2>&1 &
      pids+=($!)
    done
    for ((i = 0; i < count; i++)); do
      for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$((base + i))/health" >/dev/null 2>&1 && break
        sleep 0.2
      done
    done
    echo "PostgreSQL: $url"
    for ((i = 0; i < count; i++)); do
      echo "Instance $((i + 1)): http://127.0.0.1:$((base + i))   (log: $pg_dir/instance-$i.log)"
    done
    echo "Demo API key (all scopes): $key"
    echo "Try: curl -H \"Authorization: Bearer $key\" http://127.0.0.1:$base/api/v1/contacts"
    echo "Ctrl-C stops the instances and removes the database."
    wait
    ;;
  soak)
    # Crash consistency (20 SIGKILLs) and a longer fuzz run; a few minutes.
    require_maven
    mvn -B test -Dtest='SoakTest,FuzzTest,CrashTest' -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
      | grep -E '^(soak|fuzz):|Tests run:|FAIL|ERROR' ; exit "${PIPESTATUS[0]}"
    ;;
  bench-engine)
    require_maven
    build_if_needed
    shift
    bench/engine.sh "$@"
    # Event ingest and webhooks are measured on SQLite only.
    [[ ${1:-} != --backend || ${2:-} == sqlite ]] || exit 0
    bench/events.sh
    bench/templates.sh
    exec bench/webhooks.sh
    ;;
  chaos)
    # N enrollments (default 10,000) on 3 instances sharing a private PostgreSQL while one is SIGKILLed every 10 s,
    # 5 times; checks that every step ran and every email arrived exactly once. A few minutes.
    require_maven
    build_if_needed
    shift
    exec bench/chaos.sh "$@"
    ;;
  bench)
    # The API at a million contacts with wrk (installed when missing); a few minutes, longer on the first run.
    build_if_needed
    shift
    exec bench/api.sh "$@"
    ;;
  *)
    build_if_needed
    if [[ $# -eq 0 ]]; then set -- serve; fi
    # shellcheck disable=SC2086
    exec java $SERVER_JAVA_OPTS -jar "$JAR" "$@"
    ;;
esac
