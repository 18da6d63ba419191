#!/usr/bin/env bash
# Local multi-region DNS stack on loopback: one PostgreSQL primary and streaming replicas of it (the
# regions are in REGION_TABLE below), one PowerDNS Authoritative (gpgsql) per region reading its own
# region's database. All state lives under $STACK_DIR. See `stack.sh help`.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$SCRIPT_DIR")
STACK_DIR=$(realpath -m "${STACK_DIR:-$REPO_DIR/.stack}")
BASE=${STACK_BASE_PORT:-15400}
[[ $BASE =~ ^[0-9]+$ ]] && ((BASE >= 1024 && BASE <= 65500)) || { echo "STACK_BASE_PORT must be 1024..65500" >&2; exit 2; }
PGBIN=/usr/lib/postgresql/15/bin
PDNS_SCHEMA=/usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql
# The dashboard's provisioning SQL (roles, indexes on PowerDNS's tables, schema and grants); production applies the
# same files in the same order (README, "Provisioning a database").
DB_DIR=$REPO_DIR/db
# Every region the stack knows, one line each: name, role (the one primary first, then its streaming replicas), and
# port offset n: PostgreSQL on BASE+n, DNS on BASE+10+n, the PowerDNS API on BASE+20+n (so n is 0..9). Every loop,
# port, API key, status line and dashboard.json entry derives from the lines chosen: adding a region is adding a line.
ALL_REGIONS=(
  "us primary 0"
  "eu replica 1"
  "ap replica 2"
  "au replica 3"
  "sa replica 4"
)
# Which of them run: STACK_REGIONS (comma-separated, e.g. us,eu,ap,au,sa), else what this stack was brought up with
# ($STACK_DIR/regions), else the three of ./run.sh's default. The primary must be among them.
DEFAULT_REGIONS=us,eu,ap
REGIONS_FILE=$STACK_DIR/regions
CHOSEN_REGIONS=${STACK_REGIONS:-}
[[ -n $CHOSEN_REGIONS || ! -f $REGIONS_FILE ]] || CHOSEN_REGIONS=$(<"$REGIONS_FILE")
CHOSEN_REGIONS=${CHOSEN_REGIONS:-$DEFAULT_REGIONS}
REGION_TABLE=()
for _line in "${ALL_REGIONS[@]}"; do
  [[ ",$CHOSEN_REGIONS," == *",${_line%% *},"* ]] && REGION_TABLE+=("$_line")
done
# No pipe here: under pipefail, grep -q closing early made printf fail with SIGPIPE, and a known region read as unknown.
for _name in ${CHOSEN_REGIONS//,/ }; do
  _known=0
  for _line in "${ALL_REGIONS[@]}"; do [[ ${_line%% *} == "$_name" ]] && _known=1; done
  ((_known)) || { echo "STACK_REGIONS: unknown region '$_name' (known: ${ALL_REGIONS[*]%% *})" >&2; exit 2; }
done
unset _line _name _known
ZONES=(free.tunnel.test pro.tunnel.test)
WAIT_SECS=30
RESTARTED=()
PG_CONF_CHANGED=0

# REGIONS (all, in table order), PRIMARY, REPLICAS and each region's port offset, from REGION_TABLE.
REGIONS=() REPLICAS=() PRIMARY=""
declare -A REGION_OFFSET=()
parse_regions() {
  local line name role offset extra
  for line in "${REGION_TABLE[@]}"; do
    read -r name role offset extra <<<"$line"
    [[ $name =~ ^[a-z][a-z0-9]*$ && -z $extra ]] || { echo "REGION_TABLE: bad line '$line' (name role offset)" >&2; exit 2; }
    [[ $offset =~ ^[0-9]$ ]] || { echo "REGION_TABLE: $name: port offset must be 0..9" >&2; exit 2; }
    [[ -z ${REGION_OFFSET[$name]:-} ]] || { echo "REGION_TABLE: region $name twice" >&2; exit 2; }
    local other
    for other in "${!REGION_OFFSET[@]}"; do
      [[ ${REGION_OFFSET[$other]} != "$offset" ]] || { echo "REGION_TABLE: $name and $other share port offset $offset" >&2; exit 2; }
    done
    case $role in
      primary) [[ -z $PRIMARY && ${#REGIONS[@]} -eq 0 ]] || { echo "REGION_TABLE: the one primary must be the first line" >&2; exit 2; }
               PRIMARY=$name ;;
      replica) REPLICAS+=("$name") ;;
      *) echo "REGION_TABLE: $name: role must be primary or replica" >&2; exit 2 ;;
    esac
    REGIONS+=("$name")
    REGION_OFFSET[$name]=$offset
  done
  [[ -n $PRIMARY ]] || { echo "REGION_TABLE: no primary" >&2; exit 2; }
}
parse_regions
# "us|eu|ap" for messages
REGION_CHOICES=$(IFS='|'; echo "${REGIONS[*]}")

# PostgreSQL / PowerDNS tools run as postgres must not inherit an unreadable cwd.
cd /

# ---------------------------------------------------------------- helpers
log() { printf '%s\n' "$*"; }
die() { printf 'stack: ERROR: %s\n' "$*" >&2; exit 1; }
ridx() { [[ -n $1 && -n ${REGION_OFFSET[$1]:-} ]] || die "unknown region '$1' ($REGION_CHOICES)"; echo "${REGION_OFFSET[$1]}"; }
pg_port() { echo $((BASE + $(ridx "$1"))); }
dns_port() { echo $((BASE + 10 + $(ridx "$1"))); }
api_port() { echo $((BASE + 20 + $(ridx "$1"))); }
pg_data() { echo "$STACK_DIR/pg/$1"; }
pg_sock() { echo "$STACK_DIR/sock/$1"; }
pg_log() { echo "$STACK_DIR/logs/pg-$1.log"; }
pdns_dir() { echo "$STACK_DIR/pdns/$1"; }
pdns_log() { echo "$STACK_DIR/logs/pdns-$1.log"; }
pdns_pidfile() { echo "$STACK_DIR/run/pdns-$1.pid"; }
upper() { tr '[:lower:]' '[:upper:]' <<<"$1"; }
as_pg() { runuser -u postgres -- "$@"; }
# write stdin to a file as the postgres user (keeps ownership right)
pg_write() { as_pg tee "$1" >/dev/null; }

# psql as postgres over the region's unix socket; extra args passed through
psql_pg() {
  local r=$1; shift
  as_pg env PGOPTIONS='-c client_min_messages=warning' "$PGBIN/psql" -X -q -h "$(pg_sock "$r")" -p "$(pg_port "$r")" -v ON_ERROR_STOP=1 "$@"
}
# single value query, no decoration; empty on failure
pg_val() {
  local r=$1 db=$2 sql=$3
  as_pg "$PGBIN/psql" -X -q -At -h "$(pg_sock "$r")" -p "$(pg_port "$r")" -d "$db" -c "$sql" 2>/dev/null || true
}

pg_running() { [[ -f $(pg_data "$1")/PG_VERSION ]] && as_pg "$PGBIN/pg_ctl" status -D "$(pg_data "$1")" >/dev/null 2>&1; }
pg_ready() { "$PGBIN/pg_isready" -q -t 2 -h "$(pg_sock "$1")" -p "$(pg_port "$1")" >/dev/null 2>&1; }

pdns_pid() {
  local f; f=$(pdns_pidfile "$1")
  [[ -f $f ]] || return 1
  local pid; pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # only a pdns_server started with this stack's config dir counts
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "pdns_server --config-dir=$(pdns_dir "$1")" || return 1
  echo "$pid"
}
pdns_ctl() { timeout 5 pdns_control --config-dir="$(pdns_dir "$1")" "${@:2}" 2>/dev/null; }

port_busy() { ss -Hltun "( sport = :$1 )" 2>/dev/null | grep -q .; }

tail_log() { [[ -f $1 ]] && { echo "---- last lines of $1" >&2; tail -n 20 "$1" >&2; }; return 0; }

# ---------------------------------------------------------------- secrets
load_secrets() {
  local f=$STACK_DIR/secrets.env
  [[ -f $f ]] && . "$f"
  return 0
}
ensure_secrets() {
  local f=$STACK_DIR/secrets.env v changed=0
  touch "$f"; chmod 600 "$f"
  load_secrets
  local r keys=()
  for r in "${REGIONS[@]}"; do keys+=("PDNS_API_KEY_$(upper "$r")"); done
  for v in PDNS_DB_PASSWORD DASHBOARD_DB_PASSWORD MIGRATOR_DB_PASSWORD REPLICATOR_DB_PASSWORD "${keys[@]}"; do
    if [[ -z ${!v:-} ]]; then
      printf '%s=%s\n' "$v" "$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')" >>"$f"
      changed=1
    fi
  done
  load_secrets
  ((changed)) && log "secrets      generated -> $f" || log "secrets      reused $f"
}

# ---------------------------------------------------------------- directories
ensure_dirs() {
  mkdir -p "$STACK_DIR"/{pg,sock,logs,run,pdns}
  chmod 755 "$STACK_DIR"
  printf '*\n' >"$STACK_DIR/.gitignore"
  # postgres must be able to traverse every ancestor of STACK_DIR (CI may clone into a 0700 temp dir)
  if ! runuser -u postgres -- test -x "$STACK_DIR/pg"; then
    local d=$STACK_DIR dirs=()
    while [[ $d != / ]]; do dirs=("$d" "${dirs[@]}"); d=$(dirname "$d"); done
    for d in "${dirs[@]}"; do   # top-down: the first one postgres cannot search is the culprit
      if ! runuser -u postgres -- test -x "$d"; then
        log "permissions  chmod o+x $d (so the postgres user can reach $STACK_DIR)"
        chmod o+x "$d"
      fi
    done
  fi
  chown postgres:postgres "$STACK_DIR/pg"
  chmod 700 "$STACK_DIR/pg"
  local r
  for r in "${REGIONS[@]}"; do
    mkdir -p "$(pg_sock "$r")" "$(pdns_dir "$r")"
    chown postgres:postgres "$(pg_sock "$r")"
    touch "$(pg_log "$r")"; chown postgres:postgres "$(pg_log "$r")"
    local sockpath; sockpath="$(pg_sock "$r")/.s.PGSQL.$(pg_port "$r")"
    ((${#sockpath} < 100)) || die "unix socket path too long (${#sockpath} chars): $sockpath; use a shorter STACK_DIR"
  done
}

# ---------------------------------------------------------------- PostgreSQL
# Sets PG_CONF_CHANGED=1 when a setting in the region's stack.conf changed, so pg_apply_conf restarts a running server.
write_pg_conf() { # region
  local r=$1 d conf; d=$(pg_data "$r")
  conf=$(cat <<EOF
# written by scripts/stack.sh on every up; region $r
listen_addresses = '127.0.0.1'
port = $(pg_port "$r")
unix_socket_directories = '$(pg_sock "$r")'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
wal_retrieve_retry_interval = 1s
max_connections = 100
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
# Memory for a 24 GiB machine that runs this stack and the test stack side by side (six servers). 1GB holds the
# 1M-record zone's table and indexes (about 550 MB); with 64MB every change set evicted and re-read them.
shared_buffers = 1GB
effective_cache_size = 4GB
work_mem = 16MB
maintenance_work_mem = 256MB
# Full-page images after each checkpoint dominate a change set's WAL (about 2,400 for 334 row updates across the
# records indexes). Measured on that UPDATE: pglz 318 ms, lz4 65 ms and 7.8 MB of WAL, none 66 ms and 17 MB.
wal_compression = lz4
# Wakes autovacuum often enough for the per-table thresholds that db/002_powerdns_indexes.sql sets on records.
autovacuum_naptime = 10s
EOF
)
  PG_CONF_CHANGED=0
  local old=""; [[ -f $d/stack.conf ]] && old=$(<"$d/stack.conf")
  if [[ $old != "$conf" ]]; then
    printf '%s\n' "$conf" | pg_write "$d/stack.conf"
    # only a changed setting needs the restart, not a changed comment
    [[ $(grep -v '^#' <<<"$old") == "$(grep -v '^#' <<<"$conf")" ]] || PG_CONF_CHANGED=1
  fi
  if ! grep -q "^include_if_exists = 'stack.conf'" "$d/postgresql.conf"; then
    printf "\ninclude_if_exists = 'stack.conf'\n" | as_pg tee -a "$d/postgresql.conf" >/dev/null
  fi
  pg_write "$d/pg_hba.conf" <<'EOF'
# written by scripts/stack.sh
# TYPE  DATABASE     USER        ADDRESS         METHOD
local   all          postgres                    peer
local   replication  postgres                    peer
local   all          all                         scram-sha-256
host    all          all         127.0.0.1/32    scram-sha-256
host    replication  replicator  127.0.0.1/32    scram-sha-256
EOF
}

pg_start() { # region
  local r=$1
  if pg_running "$r"; then
    log "postgres $r  running (port $(pg_port "$r"))"
    return 0
  fi
  port_busy "$(pg_port "$r")" && die "port $(pg_port "$r") (postgres $r) is already in use by another process"
  rm -f "$(pg_sock "$r")"/.s.PGSQL.* 2>/dev/null || true
  if ! as_pg "$PGBIN/pg_ctl" start -D "$(pg_data "$r")" -l "$(pg_log "$r")" -w -t "$WAIT_SECS" -s >/dev/null 2>&1; then
    tail_log "$(pg_log "$r")"
    die "postgres $r did not start within ${WAIT_SECS}s"
  fi
  log "postgres $r  started (port $(pg_port "$r"))"
}

# A running server whose stack.conf changed restarts, so settings read only at start (shared_buffers) apply to an
# existing stack on the next up. Fast mode: open transactions roll back, nothing committed is lost; clients reconnect.
pg_apply_conf() { # region
  local r=$1
  ((PG_CONF_CHANGED)) && pg_running "$r" || return 0
  if ! as_pg "$PGBIN/pg_ctl" restart -D "$(pg_data "$r")" -l "$(pg_log "$r")" -m fast -w -t "$WAIT_SECS" -s >/dev/null 2>&1; then
    tail_log "$(pg_log "$r")"
    die "postgres $r did not restart within ${WAIT_SECS}s"
  fi
  RESTARTED+=("$r")
  log "postgres $r  restarted: stack.conf changed"
}

pg_stop() { # region
  local r=$1
  if pg_running "$r"; then
    as_pg "$PGBIN/pg_ctl" stop -D "$(pg_data "$r")" -m fast -w -t "$WAIT_SECS" -s >/dev/null
    log "postgres $r  stopped"
  else
    log "postgres $r  already down"
  fi
}

# psql as postgres on the primary with one of the versioned provisioning files in db/; extra args passed through
apply_sql() { # database file [psql args...]
  local db=$1 f=$DB_DIR/$2; shift 2
  [[ -f $f ]] || die "$f not found"
  psql_pg "$PRIMARY" -d "$db" "$@" <"$f"
}

setup_primary() {
  local p=$PRIMARY d; d=$(pg_data "$p")
  if [[ ! -f $d/PG_VERSION ]]; then
    rm -rf "$d"; mkdir -p "$d"; chown postgres:postgres "$d"; chmod 700 "$d"
    as_pg "$PGBIN/initdb" -D "$d" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer \
      --auth-host=scram-sha-256 --no-sync --no-instructions >"$STACK_DIR/logs/initdb-$p.log" 2>&1 \
      || { tail_log "$STACK_DIR/logs/initdb-$p.log"; die "initdb failed"; }
    log "postgres $p  initdb $d"
  fi
  write_pg_conf "$p"
  pg_apply_conf "$p"
  pg_start "$p"

  # The same files, in the same order, provision production (README). All idempotent; passwords are set again from
  # secrets.env every time.
  apply_sql postgres 001_roles_and_database.sql \
    -v pdns_pw="$PDNS_DB_PASSWORD" -v dash_pw="$DASHBOARD_DB_PASSWORD" \
    -v mig_pw="$MIGRATOR_DB_PASSWORD" -v repl_pw="$REPLICATOR_DB_PASSWORD" >/dev/null
  # One physical replication slot per replica: this stack's topology, not the dashboard's provisioning.
  local slots; slots=$(printf ",'%s'" "${REPLICAS[@]}")
  ((${#REPLICAS[@]} == 0)) || psql_pg "$p" -d postgres -At -c "SELECT pg_create_physical_replication_slot(s) FROM unnest(ARRAY[${slots#,}]) AS s
    WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = s)" >/dev/null

  if [[ $(pg_val "$p" pdns "SELECT to_regclass('public.domains') IS NOT NULL") != t ]]; then
    psql_pg "$p" -d pdns -1 <"$PDNS_SCHEMA" >/dev/null
    log "postgres $p  loaded PowerDNS schema into pdns"
  fi

  apply_sql pdns 002_powerdns_indexes.sql
  apply_sql pdns 003_dashboard_schema_and_grants.sql
  apply_sql pdns 004_lag_drill_grants.sql
  apply_sql pdns 005_takedown_holds.sql
  log "postgres $p  roles, database pdns, schema dashboard, grants, lag drill grants, takedown holds, slots $(IFS=/; echo "${REPLICAS[*]}") ok (db/*.sql)"
}

write_replica_conninfo() { # region
  local r=$1 d; d=$(pg_data "$r")
  local pass=$STACK_DIR/pg/replicator.pgpass
  printf '127.0.0.1:%s:*:replicator:%s\n' "$(pg_port "$PRIMARY")" "$REPLICATOR_DB_PASSWORD" | pg_write "$pass"
  chmod 600 "$pass"
  local auto; auto=$(grep -vE '^(primary_conninfo|primary_slot_name)' "$d/postgresql.auto.conf" || true)
  { printf '%s\n' "$auto"
    printf "primary_conninfo = 'host=127.0.0.1 port=%s user=replicator passfile=%s application_name=%s'\n" \
      "$(pg_port "$PRIMARY")" "$pass" "$r"
    printf "primary_slot_name = '%s'\n" "$r"
  } | pg_write "$d/postgresql.auto.conf"
  [[ -f $d/standby.signal ]] || as_pg touch "$d/standby.signal"
}

setup_replica() { # region
  local r=$1 d; d=$(pg_data "$r")
  if [[ ! -f $d/PG_VERSION ]]; then
    rm -rf "$d"; mkdir -p "$d"; chown postgres:postgres "$d"; chmod 700 "$d"
    printf '127.0.0.1:%s:*:replicator:%s\n' "$(pg_port "$PRIMARY")" "$REPLICATOR_DB_PASSWORD" | pg_write "$STACK_DIR/pg/replicator.pgpass"
    chmod 600 "$STACK_DIR/pg/replicator.pgpass"
    if ! as_pg env PGPASSFILE="$STACK_DIR/pg/replicator.pgpass" "$PGBIN/pg_basebackup" \
         -h 127.0.0.1 -p "$(pg_port "$PRIMARY")" -U replicator -D "$d" -R -X stream -S "$r" -c fast --no-sync \
         >"$STACK_DIR/logs/basebackup-$r.log" 2>&1; then
      tail_log "$STACK_DIR/logs/basebackup-$r.log"
      rm -rf "$d"
      die "pg_basebackup for $r failed"
    fi
    log "postgres $r  pg_basebackup -R -X stream -S $r"
  fi
  write_pg_conf "$r"
  pg_apply_conf "$r"
  write_replica_conninfo "$r"
  pg_start "$r"
}

wait_streaming() { # regions...
  local r deadline=$((SECONDS + WAIT_SECS)) st
  for r in "$@"; do
    while :; do
      st=$(pg_val "$PRIMARY" postgres "SELECT state FROM pg_stat_replication WHERE application_name = '$r'")
      [[ $st == streaming ]] && break
      if ((SECONDS >= deadline)); then
        tail_log "$(pg_log "$r")"
        die "replica $r is not streaming after ${WAIT_SECS}s (state: ${st:-not connected})"
      fi
      sleep 0.2
    done
  done
  log "replication  $* streaming"
}

# ---------------------------------------------------------------- PowerDNS
write_pdns_conf() { # region
  local r=$1 key; key=PDNS_API_KEY_$(upper "$r")
  local f; f=$(pdns_dir "$r")/pdns.conf
  umask 077
  cat >"$f" <<EOF
# written by scripts/stack.sh on every up; region $r reads its own region's PostgreSQL
launch=gpgsql
gpgsql-host=127.0.0.1
gpgsql-port=$(pg_port "$r")
gpgsql-dbname=pdns
gpgsql-user=pdns
gpgsql-password=$PDNS_DB_PASSWORD
gpgsql-dnssec=no
local-address=127.0.0.1
local-port=$(dns_port "$r")
socket-dir=$(pdns_dir "$r")
daemon=no
guardian=no
disable-syslog=yes
security-poll-suffix=
webserver=yes
webserver-address=127.0.0.1
webserver-port=$(api_port "$r")
webserver-allow-from=127.0.0.0/8
api=yes
api-key=${!key}
loglevel=4
# The zone cache off: with it on, every API cache flush opens a new PostgreSQL connection (30 ms here instead of 2),
# and a zone created by SQL answers REFUSED until the next refresh. Cost: about a third fewer queries/s for names
# in no cache (README, The local stack: PowerDNS settings).
zone-cache-refresh-interval=0
EOF
  umask 022
}

pdns_start() { # region
  local r=$1 pid
  write_pdns_conf "$r"
  if pid=$(pdns_pid "$r"); then
    log "pdns     $r  running (pid $pid, dns $(dns_port "$r"), api $(api_port "$r"))"
    return 0
  fi
  rm -f "$(pdns_pidfile "$r")"
  local p
  for p in "$(dns_port "$r")" "$(api_port "$r")"; do
    port_busy "$p" && die "port $p (pdns $r) is already in use by another process"
  done
  local logf; logf=$(pdns_log "$r")
  printf '==== %s start\n' "$(date -Is)" >>"$logf"
  # setsid: own session, so a Ctrl-C / process-group kill of the caller does not take it down
  setsid nohup pdns_server --config-dir="$(pdns_dir "$r")" </dev/null >>"$logf" 2>&1 &
  echo $! >"$(pdns_pidfile "$r")"
  local deadline=$((SECONDS + WAIT_SECS))
  until [[ $(pdns_ctl "$r" rping) == PONG ]]; do
    # Not pdns_pid: until the forked shell has exec'd pdns_server its cmdline is still bash's (a race on a busy machine).
    if ! kill -0 "$(<"$(pdns_pidfile "$r")")" 2>/dev/null; then
      tail_log "$logf"; die "pdns $r exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      tail_log "$logf"; die "pdns $r did not answer rping within ${WAIT_SECS}s"
    fi
    sleep 0.2
  done
  until curl -fsS -o /dev/null -H "X-API-Key: $(api_key "$r")" "http://127.0.0.1:$(api_port "$r")/api/v1/servers/localhost"; do
    ((SECONDS >= deadline)) && { tail_log "$logf"; die "pdns $r API did not answer within ${WAIT_SECS}s"; }
    sleep 0.2
  done
  log "pdns     $r  started (pid $(<"$(pdns_pidfile "$r")"), dns $(dns_port "$r"), api $(api_port "$r"))"
}
api_key() { local k; k=PDNS_API_KEY_$(upper "$1"); echo "${!k}"; }

pdns_stop() { # region
  local r=$1 pid
  if pid=$(pdns_pid "$r"); then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "pdns     $r  stopped (pid $pid)"
  else
    log "pdns     $r  already down"
  fi
  rm -f "$(pdns_pidfile "$r")"
}

# ---------------------------------------------------------------- generated files
write_outputs() {
  region_json() {
    local r=$1 role=$2
    printf '      { "Name": "%s", "Role": "%s", "ConnectionString": "Host=127.0.0.1;Port=%s;Database=pdns;Username=dashboard;Password=%s", "DnsEndpoint": "127.0.0.1:%s", "PowerDnsApiUrl": "http://127.0.0.1:%s", "PowerDnsApiKey": "%s" }' \
      "$r" "$role" "$(pg_port "$r")" "$DASHBOARD_DB_PASSWORD" "$(dns_port "$r")" "$(api_port "$r")" "$(api_key "$r")"
  }
  {
    printf '{\n  "Dashboard": {\n'
    printf '    "Database": { "MigrationConnectionString": "Host=127.0.0.1;Port=%s;Database=pdns;Username=dashboard_migrator;Password=%s" },\n' \
      "$(pg_port "$PRIMARY")" "$MIGRATOR_DB_PASSWORD"
    printf '    "Regions": [\n'
    local r sep=""
    for r in "${REGIONS[@]}"; do
      printf '%s' "$sep"; sep=$',\n'
      if [[ $r == "$PRIMARY" ]]; then region_json "$r" Primary; else region_json "$r" Replica; fi
    done
    printf '\n    ]\n  }\n}\n'
  } >"$STACK_DIR/dashboard.json.tmp"
  chmod 600 "$STACK_DIR/dashboard.json.tmp"
  mv "$STACK_DIR/dashboard.json.tmp" "$STACK_DIR/dashboard.json"

  {
    echo "# written by scripts/stack.sh up; source it: . $STACK_DIR/stack.env"
    echo "STACK_DIR='$STACK_DIR'"
    echo "STACK_BASE_PORT=$BASE"
    local R
    for r in "${REGIONS[@]}"; do
      R=$(upper "$r")
      echo "PG_PORT_$R=$(pg_port "$r")"
      echo "DNS_PORT_$R=$(dns_port "$r")"
      echo "API_PORT_$R=$(api_port "$r")"
      echo "PG_SOCKET_DIR_$R='$(pg_sock "$r")'"
      echo "PG_DATA_$R='$(pg_data "$r")'"
      echo "PDNS_CONFIG_DIR_$R='$(pdns_dir "$r")'"
      echo "PDNS_API_URL_$R=http://127.0.0.1:$(api_port "$r")"
      echo "PDNS_API_KEY_$R=$(api_key "$r")"
      echo "DNS_ENDPOINT_$R=127.0.0.1:$(dns_port "$r")"
    done
    echo "PG_BIN=$PGBIN"
    echo "DASHBOARD_DB_USER=dashboard"
    echo "DASHBOARD_DB_PASSWORD=$DASHBOARD_DB_PASSWORD"
    echo "MIGRATOR_DB_USER=dashboard_migrator"
    echo "MIGRATOR_DB_PASSWORD=$MIGRATOR_DB_PASSWORD"
    echo "PDNS_DB_PASSWORD=$PDNS_DB_PASSWORD"
    echo "DASHBOARD_CONFIG='$STACK_DIR/dashboard.json'"
  } >"$STACK_DIR/stack.env.tmp"
  chmod 600 "$STACK_DIR/stack.env.tmp"
  mv "$STACK_DIR/stack.env.tmp" "$STACK_DIR/stack.env"
  log "config       $STACK_DIR/dashboard.json, $STACK_DIR/stack.env"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  [[ -x $PGBIN/initdb ]] || die "PostgreSQL 15 not found in $PGBIN (run scripts/install-deps.sh)"
  command -v pdns_server >/dev/null || die "pdns_server not found (run scripts/install-deps.sh)"
  [[ -f $PDNS_SCHEMA ]] || die "$PDNS_SCHEMA not found (install pdns-backend-pgsql)"
  command -v curl >/dev/null || die "curl not found (run scripts/install-deps.sh)"
  local t0=$SECONDS
  log "stack        $STACK_DIR (base port $BASE, regions ${REGIONS[*]})"
  if [[ -f $REGIONS_FILE ]]; then
    local had
    for had in $(tr ',' ' ' <"$REGIONS_FILE"); do
      [[ -n ${REGION_OFFSET[$had]:-} ]] || die "this stack runs $(<"$REGIONS_FILE"); a region can be added to it, not left out: reset it to start with fewer"
    done
  fi
  ensure_dirs
  (IFS=,; echo "${REGIONS[*]}") >"$REGIONS_FILE"
  ensure_secrets
  setup_primary
  local r
  for r in "${REPLICAS[@]}"; do setup_replica "$r"; done
  ((${#REPLICAS[@]} == 0)) || wait_streaming "${REPLICAS[@]}"
  for r in "${REGIONS[@]}"; do pdns_start "$r"; done
  # a PowerDNS whose database restarted fails its first lookup; wait until it answers again
  for r in "${RESTARTED[@]}"; do pdns_warm "$r"; done
  write_outputs
  log "up           done in $((SECONDS - t0))s"
}

cmd_down() {
  local r
  if [[ ! -d $STACK_DIR ]]; then log "stack        $STACK_DIR does not exist: nothing to stop"; return 0; fi
  for r in "${REGIONS[@]}"; do pdns_stop "$r"; done
  # replicas first (last one first), then the primary
  local i
  for ((i = ${#REPLICAS[@]} - 1; i >= 0; i--)); do pg_stop "${REPLICAS[i]}"; done
  pg_stop "$PRIMARY"
}

cmd_reset() {
  case $STACK_DIR in
    / | "$REPO_DIR" | "$HOME" | /root | /tmp | /work | /work/main) die "refusing to delete STACK_DIR=$STACK_DIR" ;;
  esac
  cmd_down
  rm -rf "$STACK_DIR"
  log "reset        removed $STACK_DIR"
  cmd_up
}

lsn_ge() { # region lsn -> the region has replayed up to lsn
  [[ $(pg_val "$1" postgres "SELECT pg_last_wal_replay_lsn() >= '$2'::pg_lsn") == t ]]
}

dig_soa() { # region zone -> "STATUS FLAGS SERIAL"
  local out st fl serial
  out=$(dig +norecurse +time=1 +tries=1 @127.0.0.1 -p "$(dns_port "$1")" "$2" SOA 2>/dev/null) || { echo "TIMEOUT - -"; return; }
  st=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$out" | head -1)
  fl=$(sed -n 's/.*;; flags: \([a-z ]*\);.*/\1/p' <<<"$out" | head -1)
  serial=$(awk -v z="$2." '$1 == z && $4 == "SOA" {print $7}' <<<"$out" | head -1)
  echo "${st:-TIMEOUT} ${fl// /,} ${serial:--}"
}

cmd_seed() {
  load_secrets
  pg_ready "$PRIMARY" || die "primary database ($PRIMARY) is not up; run: $0 up"
  local r z
  psql_pg "$PRIMARY" -d pdns -At <"$SCRIPT_DIR/demo-data.sql" | sed 's/^/seed         /'
  local lsn; lsn=$(pg_val "$PRIMARY" postgres "SELECT pg_current_wal_lsn()")
  local deadline=$((SECONDS + WAIT_SECS))
  for r in "${REPLICAS[@]}"; do
    until lsn_ge "$r" "$lsn"; do
      ((SECONDS >= deadline)) && die "replica $r did not replay up to $lsn within ${WAIT_SECS}s"
      sleep 0.05
    done
  done
  log "seed         replicas replayed up to $lsn"
  for r in "${REGIONS[@]}"; do
    pdns_pid "$r" >/dev/null || die "pdns $r is not running; run: $0 up"
    for z in "${ZONES[@]}"; do
      curl -fsS -o /dev/null -X PUT -H "X-API-Key: $(api_key "$r")" \
        "http://127.0.0.1:$(api_port "$r")/api/v1/servers/localhost/cache/flush?domain=$z." \
        || die "cache flush for $z on pdns $r failed"
    done
    pdns_ctl "$r" rediscover >/dev/null || die "pdns_control rediscover failed on $r"
    pdns_ctl "$r" purge >/dev/null || die "pdns_control purge failed on $r"
  done
  log "seed         flushed caches, rediscover + purge on ${REGIONS[*]}"
  local res ok line
  for r in "${REGIONS[@]}"; do
    line=""
    for z in "${ZONES[@]}"; do
      deadline=$((SECONDS + 10))
      while :; do
        res=$(dig_soa "$r" "$z")
        read -r st fl serial <<<"$res"
        [[ $st == NOERROR && ,$fl, == *,aa,* && $serial != - ]] && break
        ((SECONDS >= deadline)) && die "pdns $r does not answer $z SOA authoritatively ($st flags=$fl)"
        sleep 0.2
      done
      line+=" $z=$serial"
    done
    log "seed         $r SOA NOERROR aa:$line"
  done
}

cmd_status() {
  local r ok=0 line db repl pdnsst pid ver z res st fl serial
  if [[ ! -d $STACK_DIR ]]; then echo "stack $STACK_DIR does not exist"; return 1; fi
  for r in "${REGIONS[@]}"; do
    if [[ $r == "$PRIMARY" ]]; then line="$r  primary"; else line="$r  replica"; fi
    if pg_ready "$r"; then db=up; else db=down; ok=1; fi
    repl=-
    if [[ $db == up && $r == "$PRIMARY" ]]; then
      local parts=() a s
      for a in "${REPLICAS[@]}"; do
        s=$(pg_val "$PRIMARY" postgres "SELECT state FROM pg_stat_replication WHERE application_name = '$a'")
        [[ $s == streaming ]] || ok=1
        parts+=("$a:${s:-disconnected}")
      done
      repl=$(IFS=,; echo "${parts[*]}")
    elif [[ $db == up ]]; then
      s=$(pg_val "$r" postgres "SELECT coalesce((SELECT status FROM pg_stat_wal_receiver), 'disconnected') || '(replay_lsn ' || coalesce(pg_last_wal_replay_lsn()::text, '?') || ')'")
      [[ $s == streaming* ]] || ok=1
      repl=${s:-unknown}
      local delay; delay=$(pg_val "$r" postgres "SHOW recovery_min_apply_delay")
      [[ -z $delay || $delay == 0 ]] || repl+=" lag-drill=$delay"
    fi
    if pid=$(pdns_pid "$r") && [[ $(pdns_ctl "$r" rping) == PONG ]]; then
      ver=$(pdns_ctl "$r" version || echo '?')
      # a never-existing name bypasses the packet/query caches: SERVFAIL means the backend
      # (this region's database) is unreachable
      read -r st _ _ <<<"$(dig_soa "$r" "_status-probe-$RANDOM$RANDOM.${ZONES[0]}")"
      if [[ $st == SERVFAIL || $st == TIMEOUT ]]; then
        pdnsst="servfail($ver, backend unreachable)"; ok=1
      else
        pdnsst="answering($ver)"
      fi
    elif pdns_pid "$r" >/dev/null; then
      pdnsst="not-answering"; ok=1
    else
      pdnsst=down; ok=1
    fi
    line+="  db=$db  replication=$repl  pdns=$pdnsst"
    for z in "${ZONES[@]}"; do
      if [[ $pdnsst == down ]]; then line+="  $z=-"; continue; fi
      read -r st fl serial <<<"$(dig_soa "$r" "$z")"
      case $st in
        NOERROR) line+="  $z=$serial" ;;
        REFUSED) line+="  $z=absent(REFUSED)" ;;
        *) line+="  $z=$st"; ok=1 ;;
      esac
    done
    echo "$line"
  done
  return $ok
}

# After a database restart each PowerDNS backend connection fails once ("server closed the
# connection unexpectedly" -> SERVFAIL) before it reconnects. Probe until 5 answers in a row
# come from the database so callers of db-start get a region that answers again.
pdns_warm() { # region
  local r=$1 good=0 st deadline=$((SECONDS + 15))
  pdns_pid "$r" >/dev/null || return 0
  while ((good < 5)); do
    read -r st _ _ <<<"$(dig_soa "$r" "_warm-probe-$RANDOM$RANDOM.${ZONES[0]}")"
    if [[ $st == SERVFAIL || $st == TIMEOUT ]]; then good=0; else good=$((good + 1)); fi
    if ((SECONDS >= deadline)); then log "pdns     $r  still failing lookups (see $(pdns_log "$r"))"; return 0; fi
  done
  log "pdns     $r  answering from its database again"
}

cmd_db_stop() { ridx "${1:-}" >/dev/null; pg_stop "$1"; }
cmd_pdns_stop() { ridx "${1:-}" >/dev/null; pdns_stop "$1"; }
cmd_pdns_start() {
  local r=${1:-}; ridx "$r" >/dev/null
  [[ -d $(pdns_dir "$r") ]] || die "no PowerDNS configuration for $r; run: $0 up"
  load_secrets
  pdns_start "$r"
}
cmd_db_start() {
  local r=${1:-}; ridx "$r" >/dev/null
  [[ -f $(pg_data "$r")/PG_VERSION ]] || die "no data directory for $r; run: $0 up"
  load_secrets
  pg_start "$r"
  pdns_warm "$r"
  if [[ $r != "$PRIMARY" ]]; then
    pg_running "$PRIMARY" && wait_streaming "$r" || log "replication  primary $PRIMARY is down: $r will stream once it is up"
  else
    local a
    for a in "${REPLICAS[@]}"; do pg_running "$a" && wait_streaming "$a"; done
  fi
}

# Lag drill: recovery_min_apply_delay on one replica (ALTER SYSTEM writes that server's postgresql.auto.conf, so it
# survives a restart and `up`, until `lag REGION off`). The replica then applies each COMMIT that much later; the
# heartbeat-based lag the dashboard measures shows it.
cmd_lag() { # region duration|off
  local r=${1:-} d=${2:-}
  [[ -n $r && -n $d && $# -eq 2 ]] || die "usage: $0 lag <region> <duration>|off   (duration: 500ms, 2s, 1min; region: $(IFS='|'; echo "${REPLICAS[*]}"))"
  ridx "$r" >/dev/null
  [[ $r != "$PRIMARY" ]] || die "$r is the primary: recovery_min_apply_delay only delays a replica's replay; choose a replica ($(IFS='|'; echo "${REPLICAS[*]}"))"
  if [[ $d != off && ! $d =~ ^[0-9]+(ms|s|min)$ ]]; then
    die "bad duration '$d': a whole number with ms, s or min (500ms, 2s, 1min), or off"
  fi
  pg_ready "$r" || die "database of $r is not up; run: $0 up (or $0 db-start $r)"
  if [[ $d == off ]]; then
    psql_pg "$r" -d postgres -At -c "ALTER SYSTEM RESET recovery_min_apply_delay" -c "SELECT pg_reload_conf()" >/dev/null
  else
    psql_pg "$r" -d postgres -At -c "ALTER SYSTEM SET recovery_min_apply_delay = '$d'" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  # pg_reload_conf() only signals the postmaster: wait until a new session sees the value (pg_settings keeps it in ms)
  local want_ms=0 now deadline=$((SECONDS + 5))
  if [[ $d != off ]]; then
    local n=${d%%[a-z]*} unit=${d##*[0-9]}
    case $unit in ms) want_ms=$((10#$n)) ;; s) want_ms=$((10#$n * 1000)) ;; min) want_ms=$((10#$n * 60000)) ;; esac
  fi
  until [[ $(pg_val "$r" postgres "SELECT setting FROM pg_settings WHERE name = 'recovery_min_apply_delay'") == "$want_ms" ]]; do
    ((SECONDS >= deadline)) && die "$r does not show recovery_min_apply_delay=${want_ms}ms after pg_reload_conf()"
    sleep 0.1
  done
  now=$(pg_val "$r" postgres "SHOW recovery_min_apply_delay")
  if [[ $d == off ]]; then log "lag          $r  drill off (recovery_min_apply_delay reset to $now)"
  else log "lag          $r  drill on: recovery_min_apply_delay = $now (each commit replays that much later)"; fi
}

usage() {
  cat <<EOF
usage: scripts/stack.sh <command>   (STACK_DIR=$STACK_DIR, STACK_BASE_PORT=$BASE)

  up               create what is missing, start what is not running, write dashboard.json + stack.env
  seed             load demo zones free.tunnel.test / pro.tunnel.test (skips existing) and make them visible
  status           one line per region; exit 0 when everything is up
  down             stop the stack's PowerDNS (pid files) and PostgreSQL (pg_ctl) processes
  reset            down, delete STACK_DIR, up
  db-stop <region> stop one region's PostgreSQL ($REGION_CHOICES)
  db-start <region> start it again (a replica resumes streaming)
  pdns-stop <region>  stop one region's PowerDNS (its DNS and API stop answering)
  pdns-start <region> start it again
  lag <replica> <duration>|off
                   lag drill: delay that replica's replay by <duration> (500ms, 2s, 1min; recovery_min_apply_delay),
                   or end it; kept across restarts until off; status shows it
  env              print the path of dashboard.json

regions (REGION_TABLE: name role offset): $(printf '%s; ' "${REGION_TABLE[@]}" | sed 's/; $//')
ports: postgres = BASE+offset, dns = BASE+10+offset, pdns api = BASE+20+offset
EOF
}

cmd=${1:-help}
shift || true
case $cmd in
  up) cmd_up ;;
  seed) cmd_seed ;;
  status) cmd_status ;;
  down) cmd_down ;;
  reset) cmd_reset ;;
  db-stop) cmd_db_stop "$@" ;;
  db-start) cmd_db_start "$@" ;;
  pdns-stop) cmd_pdns_stop "$@" ;;
  pdns-start) cmd_pdns_start "$@" ;;
  lag) cmd_lag "$@" ;;
  env) echo "$STACK_DIR/dashboard.json" ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
