#!/usr/bin/env bash
# Real PostgreSQL and Kafka for tests, without Docker.
#
#   scripts/infra.sh up      install/fetch what is missing, start both, wait until they answer
#   scripts/infra.sh down    stop both (fine when nothing runs)
#   scripts/infra.sh status  print what runs; exit 1 when something is down
#   scripts/infra.sh env     print the TEST_* variables for these ports
# up/down/status take an optional second word, pg or kafka, to act on one server.
#
# PostgreSQL comes from Debian's `postgresql` package (installed with apt-get when
# missing) and runs its own cluster as the `postgres` OS user. Kafka is fetched
# with Maven (scripts/infra/pom.xml) once per version and runs as a single KRaft
# node from a plain `java -cp` classpath, with an unauthenticated super-user door
# (PLAINTEXT, what the tests use) and a SASL/SCRAM listener held to ACLs (the
# federation's deployments, docs/federation.md). All state lives outside the
# repository in $JM_INFRA_HOME (default ~/.cache/jm-infra). See docs/infra.md.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INFRA_SRC="$REPO_ROOT/scripts/infra"

JM_INFRA_HOME=${JM_INFRA_HOME:-$HOME/.cache/jm-infra}
PG_PORT=${JM_PG_PORT:-55432}
KAFKA_PORT=${JM_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${JM_KAFKA_CONTROLLER_PORT:-59093}
KAFKA_SASL_PORT=${JM_KAFKA_SASL_PORT:-59094}   # SASL_PLAINTEXT, SCRAM-SHA-512: the deployments' principals
KAFKA_VERSION=${JM_KAFKA_VERSION:-4.1.2}
PG_START_TIMEOUT=${JM_PG_START_TIMEOUT:-60}
KAFKA_START_TIMEOUT=${JM_KAFKA_START_TIMEOUT:-120}
KAFKA_HEAP=${JM_KAFKA_HEAP:-1g}

PG_HOME="$JM_INFRA_HOME/pg"
PG_DATA="$PG_HOME/data"
PG_RUN="$PG_HOME/run"              # unix socket, reachable by the postgres user only
PG_LOG="$PG_HOME/postgresql.log"

KAFKA_HOME="$JM_INFRA_HOME/kafka-$KAFKA_VERSION"   # fetched jars, kept across runs
KAFKA_LIB="$KAFKA_HOME/lib"
KAFKA_STATE="$JM_INFRA_HOME/kafka"                  # config, data, log, pid
KAFKA_DATA="$KAFKA_STATE/data"
KAFKA_CONF="$KAFKA_STATE/server.properties"
KAFKA_LOG="$KAFKA_STATE/kafka.log"
KAFKA_PID="$KAFKA_STATE/kafka.pid"

log() { printf 'infra: %s\n' "$*"; }
warn() { printf 'infra: WARNING: %s\n' "$*" >&2; }
die() { printf 'infra: ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }

is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as root (directly, or with passwordless sudo).
as_root() {
  if is_root; then "$@";
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@";
  else die "need root to run: $* (run it yourself, then retry)"; fi
}

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
PG_OS_USER=$(if is_root; then echo postgres; else id -un; fi)
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Close every inherited descriptor above 2 (the lock among them) before starting a
# daemon, so the server neither holds our lock nor keeps a caller's pipe open.
close_extra_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tail_log() {
  local file=$1 lines=${2:-40}
  if [ -f "$file" ]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '----- end of %s -----\n' "$file" >&2
  else
    printf 'infra: (no log at %s)\n' "$file" >&2
  fi
}

apt_install() {
  local logfile="$JM_INFRA_HOME/apt.log"
  log "apt-get install $* (log: $logfile)"
  if ! { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "$@"; } >"$logfile" 2>&1; then
    tail_log "$logfile"
    die "apt-get install $* failed"
  fi
}

# ---------------------------------------------------------------- PostgreSQL

# Highest installed server version, or the one the existing cluster was made with.
pg_bindir() {
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    local v
    v=$(cat "$PG_DATA/PG_VERSION")
    if [ -x "/usr/lib/postgresql/$v/bin/postgres" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
    return 1
  fi
  local best
  best=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$best" ] || return 1
  dirname "$best"
}

pg_ensure_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  if [ -f "$PG_DATA/PG_VERSION" ] && ls -d /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    die "the cluster in $PG_DATA is PostgreSQL $(cat "$PG_DATA/PG_VERSION"), which is not installed; install postgresql-$(cat "$PG_DATA/PG_VERSION") or remove $PG_HOME"
  fi
  local before
  before=$(pg_lsclusters -h 2>/dev/null | awk '{ print $1 "/" $2 }' || true)
  apt_install postgresql
  # The package creates and starts a "main" cluster on 5432; we do not use it.
  local v c
  while read -r v c _; do
    [ -n "$v" ] || continue
    if ! grep -qx "$v/$c" <<<"$before"; then
      log "stopping the package's own cluster $v/$c (not used; set to manual start)"
      as_root pg_ctlcluster "$v" "$c" stop >/dev/null 2>&1 || true
      echo manual | as_root tee "/etc/postgresql/$v/$c/start.conf" >/dev/null || true
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
  pg_bindir >/dev/null || die "PostgreSQL server binaries not found after installing the postgresql package"
}

# The postgres user must be able to walk down to $PG_HOME (e.g. through a 0700 /root).
pg_grant_traverse() {
  is_root || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${JM_INFRA_HOME#/}"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    path="$path/$part"
    if ! runuser -u postgres -- test -x "$path" 2>/dev/null; then
      if command -v setfacl >/dev/null && setfacl -m u:postgres:x "$path" 2>/dev/null; then
        log "granted the postgres user search (x) access to $path (ACL)"
      else
        chmod o+x "$path"
        log "granted search (o+x) access to $path so the postgres user can reach $PG_HOME"
      fi
    fi
  done
}

pg_write_conf() {
  cat >"$PG_DATA/jm-infra.conf" <<EOF
# Written by scripts/infra.sh on every "up"; changes apply on the next start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
unix_socket_permissions = 0700

# A 2-core, 24 GiB test box with many short-lived test connections.
max_connections = 250
shared_buffers = 256MB
effective_cache_size = 2GB
work_mem = 8MB
maintenance_work_mem = 128MB
wal_buffers = 16MB
max_wal_size = 2GB
min_wal_size = 256MB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
# fsync and synchronous_commit stay at their defaults (on): the event-store
# benchmark compares append throughput honestly.

password_encryption = scram-sha-256
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
  if [ "$PG_OS_USER" = postgres ]; then chown postgres: "$PG_DATA/jm-infra.conf"; fi
  if ! grep -q "^include_if_exists = 'jm-infra.conf'" "$PG_DATA/postgresql.conf"; then
    printf "\n# Local test settings (scripts/infra.sh)\ninclude_if_exists = 'jm-infra.conf'\n" >>"$PG_DATA/postgresql.conf"
  fi
}

pg_init() {
  mkdir -p "$JM_INFRA_HOME"
  pg_grant_traverse
  if [ ! -d "$PG_HOME" ]; then mkdir -p "$PG_HOME"; fi
  if [ "$PG_OS_USER" = postgres ]; then chown postgres: "$PG_HOME"; fi
  chmod 700 "$PG_HOME"
  as_pg mkdir -p "$PG_RUN"
  as_pg chmod 700 "$PG_RUN"
  if [ -f "$PG_DATA/PG_VERSION" ]; then return 0; fi
  local bin
  bin=$(pg_bindir)
  log "creating the PostgreSQL cluster in $PG_DATA ($("$bin/postgres" --version))"
  rm -rf "$PG_DATA"
  if ! as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_HOME/initdb.log" 2>&1; then
    tail_log "$PG_HOME/initdb.log"
    die "initdb failed"
  fi
}

pg_running() {
  local bin
  bin=$(pg_bindir 2>/dev/null) || return 1
  [ -f "$PG_DATA/PG_VERSION" ] || return 1
  as_pg "$bin/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_ready() {
  local bin
  bin=$(pg_bindir 2>/dev/null) || return 1
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

pg_bootstrap() {
  local bin
  bin=$(pg_bindir)
  if ! as_pg "$bin/psql" -X -q -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SELECT 'CREATE ROLE jm' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jm') \gexec
ALTER ROLE jm WITH LOGIN CREATEDB PASSWORD 'jm';
-- CHECKPOINT between benchmark cases (PostgreSQL 15+; bench:reporting settles the server with it).
SELECT 'GRANT pg_checkpoint TO jm' WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint') \gexec
SELECT 'CREATE DATABASE jm_test OWNER jm' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'jm_test') \gexec
ALTER DATABASE jm_test OWNER TO jm;
SQL
  then
    tail_log "$PG_LOG"
    die "could not create role jm / database jm_test"
  fi
}

pg_up() {
  local t0
  t0=$(now)
  pg_ensure_installed
  pg_init
  pg_write_conf
  local bin
  bin=$(pg_bindir)
  if pg_running; then
    log "PostgreSQL already running ($PG_DATA)"
  else
    if port_open "$PG_PORT"; then
      die "port $PG_PORT is taken by another process; stop it or set JM_PG_PORT"
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
    # pg_ctl -w waits for the postmaster (and notices an early exit); pg_isready below
    # then checks the TCP listener the tests use.
    if ! (close_extra_fds; as_pg "$bin/pg_ctl" start -w -t "$PG_START_TIMEOUT" -s -D "$PG_DATA" -l "$PG_LOG"); then
      tail_log "$PG_LOG"
      die "pg_ctl start failed"
    fi
  fi
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until pg_ready; do
    if ! pg_running; then
      tail_log "$PG_LOG"
      die "PostgreSQL exited during start-up"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail_log "$PG_LOG"
      die "PostgreSQL did not accept connections on 127.0.0.1:$PG_PORT within ${PG_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  pg_bootstrap
  log "PostgreSQL ready on 127.0.0.1:$PG_PORT, database jm_test, role jm ($(since "$t0"))"
}

pg_down() {
  if pg_running; then
    local bin
    bin=$(pg_bindir)
    log "stopping PostgreSQL"
    if ! as_pg "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s; then
      tail_log "$PG_LOG"
      die "pg_ctl stop failed"
    fi
    log "PostgreSQL stopped"
  else
    log "PostgreSQL not running"
  fi
}

pg_status() {
  if pg_running && pg_ready; then
    local pid
    pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || echo '?')
    log "PostgreSQL: up   pid $pid, $("$(pg_bindir)/postgres" --version | awk '{ print $3 }'), 127.0.0.1:$PG_PORT, data $PG_DATA"
    return 0
  fi
  if pg_running; then
    log "PostgreSQL: DOWN (process runs but 127.0.0.1:$PG_PORT does not answer)"
  elif pg_ready; then
    log "PostgreSQL: DOWN (ours is not running; another server answers on 127.0.0.1:$PG_PORT)"
  else
    log "PostgreSQL: DOWN"
  fi
  return 1
}

# --------------------------------------------------------------------- Kafka

java_ensure_installed() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

kafka_fetch() {
  if [ -f "$KAFKA_LIB/.complete" ]; then return 0; fi
  java_ensure_installed
  local t0 tmp logfile
  t0=$(now)
  mkdir -p "$KAFKA_HOME"
  tmp="$KAFKA_HOME/lib.partial"
  logfile="$KAFKA_HOME/fetch.log"
  rm -rf "$tmp"
  log "fetching Kafka $KAFKA_VERSION with Maven into $KAFKA_LIB (log: $logfile)"
  if ! (cd "$INFRA_SRC" && mvn -B -q -f pom.xml "-Dkafka.version=$KAFKA_VERSION" \
      dependency:copy-dependencies "-DoutputDirectory=$tmp") >"$logfile" 2>&1; then
    tail_log "$logfile"
    die "could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION with Maven"
  fi
  [ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ] || die "kafka_2.13-$KAFKA_VERSION.jar missing from $tmp after the Maven fetch"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
  touch "$KAFKA_LIB/.complete"
  log "fetched Kafka $KAFKA_VERSION: $(ls "$KAFKA_LIB" | wc -l) jars ($(since "$t0"))"
}

kafka_java() {
  java -Xms128m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_STATE/log4j2.properties" \
    "-Dkafka.logs.dir=$KAFKA_STATE" -cp "$KAFKA_LIB/*" "$@"
}

kafka_write_conf() {
  mkdir -p "$KAFKA_STATE"
  sed -e "s|@NODE_ID@|1|g" \
      -e "s|@BROKER_PORT@|$KAFKA_PORT|g" \
      -e "s|@SASL_PORT@|$KAFKA_SASL_PORT|g" \
      -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@LOG_DIRS@|$KAFKA_DATA|g" \
      "$INFRA_SRC/server.properties.template" >"$KAFKA_CONF"
  cp "$INFRA_SRC/log4j2.properties" "$KAFKA_STATE/log4j2.properties"
}

# Format the KRaft storage once; again only when the Kafka version changed.
kafka_format() {
  if [ -f "$KAFKA_DATA/meta.properties" ] && [ "$(cat "$KAFKA_STATE/formatted-by" 2>/dev/null)" = "$KAFKA_VERSION" ]; then
    return 0
  fi
  rm -rf "$KAFKA_DATA"
  local cluster_id
  cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOG" | tail -n 1)
  [ -n "$cluster_id" ] || { tail_log "$KAFKA_LOG"; die "kafka.tools.StorageTool random-uuid failed"; }
  log "formatting KRaft storage in $KAFKA_DATA (cluster id $cluster_id)"
  if ! kafka_java kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$KAFKA_CONF" >>"$KAFKA_LOG" 2>&1; then
    tail_log "$KAFKA_LOG"
    die "kafka.tools.StorageTool format failed"
  fi
  echo "$KAFKA_VERSION" >"$KAFKA_STATE/formatted-by"
}

kafka_pid() {
  local pid
  pid=$(cat "$KAFKA_PID" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'kafka\.Kafka' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# Does the broker answer? kafkajs admin listTopics when node_modules is there,
# else an open port plus the broker's own "started" line.
kafka_answers() {
  local rc=0
  (cd "$REPO_ROOT" && node "$INFRA_SRC/kafka-probe.js" "127.0.0.1:$KAFKA_PORT" "${1:-5000}") >/dev/null 2>&1 || rc=$?
  if [ "$rc" = 2 ]; then
    port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null
    return
  fi
  return "$rc"
}

kafka_up() {
  local t0
  t0=$(now)
  kafka_fetch
  java_ensure_installed
  kafka_write_conf
  local pid
  if pid=$(kafka_pid); then
    log "Kafka already running (pid $pid)"
  else
    rm -f "$KAFKA_PID"
    local port
    for port in "$KAFKA_PORT" "$KAFKA_SASL_PORT" "$KAFKA_CONTROLLER_PORT"; do
      if port_open "$port"; then die "port $port is taken by another process; stop it or set JM_KAFKA_PORT / JM_KAFKA_SASL_PORT / JM_KAFKA_CONTROLLER_PORT"; fi
    done
    kafka_format
    log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (SASL :$KAFKA_SASL_PORT, controller :$KAFKA_CONTROLLER_PORT, log: $KAFKA_LOG)"
    printf '\n===== %s scripts/infra.sh: starting Kafka %s =====\n' "$(date -u +%FT%TZ)" "$KAFKA_VERSION" >>"$KAFKA_LOG"
    (
      close_extra_fds
      cd "$KAFKA_STATE"
      # setsid: the broker outlives the shell (and CI step) that started it.
      exec setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$KAFKA_PID" \
        java -Xms128m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
        -Djava.awt.headless=true "-Dlog4j2.configurationFile=$KAFKA_STATE/log4j2.properties" \
        "-Dkafka.logs.dir=$KAFKA_STATE" -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONF" \
        </dev/null >>"$KAFKA_LOG" 2>&1
    ) &
    local waited=0
    until [ -s "$KAFKA_PID" ] || [ "$waited" -ge 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  fi
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until kafka_answers 3000; do
    if ! kafka_pid >/dev/null; then
      tail_log "$KAFKA_LOG" 60
      die "Kafka exited during start-up"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail_log "$KAFKA_LOG" 60
      die "Kafka did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  # Warm up the group coordinator and producer ids (a fresh broker creates
  # __consumer_offsets on first use) so tests do not start against a loading broker.
  if ! (cd "$REPO_ROOT" && node "$INFRA_SRC/kafka-probe.js" "127.0.0.1:$KAFKA_PORT" 60000 --warm) >>"$KAFKA_STATE/warmup.log" 2>&1; then
    [ -d "$REPO_ROOT/node_modules/kafkajs" ] && warn "Kafka warm-up did not finish (see $KAFKA_STATE/warmup.log); continuing"
  fi
  # A broker started from an older template (before the SASL listener) keeps running as it is.
  if ! port_open "$KAFKA_SASL_PORT"; then
    warn "Kafka runs without its SASL listener on 127.0.0.1:$KAFKA_SASL_PORT (started from an older configuration): the federation's ACL tests need it; restart it with \"$0 down kafka && $0 up kafka\""
  fi
  log "Kafka ready on 127.0.0.1:$KAFKA_PORT, SASL/SCRAM on :$KAFKA_SASL_PORT (pid $(kafka_pid), $(since "$t0"))"
}

kafka_down() {
  local pid
  if ! pid=$(kafka_pid); then
    rm -f "$KAFKA_PID"
    log "Kafka not running"
    if port_open "$KAFKA_PORT"; then warn "something else listens on 127.0.0.1:$KAFKA_PORT"; fi
    return 0
  fi
  log "stopping Kafka (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      warn "Kafka did not stop within 60s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$KAFKA_PID"
  log "Kafka stopped"
}

kafka_status() {
  local pid
  if pid=$(kafka_pid); then
    if kafka_answers 5000; then
      local sasl="SASL :$KAFKA_SASL_PORT"
      port_open "$KAFKA_SASL_PORT" || sasl="no SASL listener (older configuration)"
      log "Kafka:      up   pid $pid, $KAFKA_VERSION (KRaft), 127.0.0.1:$KAFKA_PORT, $sasl, controller :$KAFKA_CONTROLLER_PORT, data $KAFKA_DATA"
      return 0
    fi
    log "Kafka:      DOWN (pid $pid runs but 127.0.0.1:$KAFKA_PORT does not answer; log $KAFKA_LOG)"
    return 1
  fi
  if port_open "$KAFKA_PORT"; then
    log "Kafka:      DOWN (ours is not running; another process listens on 127.0.0.1:$KAFKA_PORT)"
  else
    log "Kafka:      DOWN"
  fi
  return 1
}

# ---------------------------------------------------------------------- main

lock() {
  mkdir -p "$JM_INFRA_HOME"
  exec 9>"$JM_INFRA_HOME/.lock"
  if ! flock -w 900 9; then die "another scripts/infra.sh holds $JM_INFRA_HOME/.lock"; fi
}

print_env() {
  echo "TEST_PG_URL=postgres://jm:jm@127.0.0.1:$PG_PORT/jm_test"
  echo "TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  echo "TEST_KAFKA_SASL_BROKERS=127.0.0.1:$KAFKA_SASL_PORT"
}

cmd=${1:-}
what=${2:-all}
case "$what" in all | pg | kafka) ;; *) echo "usage: $0 up|down|status [all|pg|kafka]" >&2; exit 2 ;; esac
want() { [ "$what" = all ] || [ "$what" = "$1" ]; }

case "$cmd" in
  up)
    lock
    t0=$(now)
    if want pg; then pg_up; fi
    if want kafka; then kafka_up; fi
    log "up ($(since "$t0")):"
    print_env | sed 's/^/  /'
    ;;
  down)
    lock
    if want kafka; then kafka_down; fi
    if want pg; then pg_down; fi
    ;;
  status)
    rc=0
    if want pg; then pg_status || rc=1; fi
    if want kafka; then kafka_status || rc=1; fi
    exit "$rc"
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 up|down|status [all|pg|kafka]   or   $0 env" >&2
    exit 2
    ;;
esac
