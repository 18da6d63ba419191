#!/usr/bin/env bash
# Starts the local three-region stack with demo data, then the dashboard.
#   DASHBOARD_PORT=5080   the dashboard's port on 127.0.0.1
#   STACK_BASE_PORT=15400 first port of the stack (PostgreSQL, DNS and API ports follow from it)
#   TUNNEL_SIM_RATE=20    tunnel changes per second made by the tunnel-core simulator in free.tunnel.test; 0 turns it off
#   STACK_REGIONS=us,eu,ap  the regions of a new stack (known: us, eu, ap, au, sa; us is the primary)
#   ROUTE53_PORT=15430    the local Route 53 stand-in's port;  ROUTE53_PENDING=60s  how long its changes stay PENDING
#   DEMO_TWO_FACTOR_ROLES=none  roles that must sign in with an authenticator code (production's default: Admin,Operator)
# ./run.sh --instances N  (N ≥ 2) runs N dashboard instances on DASHBOARD_PORT+1…+N behind HAProxy on DASHBOARD_PORT
#   (sticky sessions, WebSockets), with Redis (REDIS_PORT, default STACK_BASE_PORT+40) as the live hub's backplane.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
export STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
export STACK_BASE_PORT="${STACK_BASE_PORT:-15400}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PORT="${DASHBOARD_PORT:-5080}"
SIM_RATE="${TUNNEL_SIM_RATE:-20}"
[[ $SIM_RATE =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "TUNNEL_SIM_RATE must be a number of changes per second (0 turns the simulator off), not '$SIM_RATE'" >&2; exit 2; }
sim_on() { [[ ! $SIM_RATE =~ ^0+(\.0+)?$ ]]; }
URL="http://127.0.0.1:$PORT"
INSTANCES=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --instances) INSTANCES="${2:-}"; shift 2 || { echo "--instances needs a number" >&2; exit 2; } ;;
    --instances=*) INSTANCES="${1#*=}"; shift ;;
    *) echo "unknown argument '$1' (./run.sh [--instances N])" >&2; exit 2 ;;
  esac
done
[[ $INSTANCES =~ ^[1-9][0-9]?$ ]] || { echo "--instances must be a number from 1 to 99, not '$INSTANCES'" >&2; exit 2; }
started=$(date +%s)

scripts/install-deps.sh
scripts/stack.sh up
scripts/stack.sh seed

echo "building the dashboard…"
dotnet build src/Dashboard/Dashboard.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
APP_DIR="$ROOT/src/Dashboard/bin/Release/net10.0"
if sim_on; then
  echo "building the tunnel-core simulator…"
  dotnet build tools/TunnelSimulator/TunnelSimulator.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
fi
echo "building the Route 53 stand-in…"
dotnet build tools/Route53StandIn/Route53StandIn.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
STANDIN_DLL="$ROOT/tools/Route53StandIn/bin/Release/net10.0/Route53StandIn.dll"
STANDIN_LOG="$STACK_DIR/route53-standin.log"
ROUTE53_PORT="${ROUTE53_PORT:-$((STACK_BASE_PORT + 30))}"
ROUTE53_PENDING="${ROUTE53_PENDING:-60s}"
SIM_DLL="$ROOT/tools/TunnelSimulator/bin/Release/net10.0/TunnelSimulator.dll"
SIM_LOG="$STACK_DIR/tunnel-sim.log"

# Demo accounts, one per role: passwords generated once per stack and kept beside its other secrets.
DEMO_USERS="$STACK_DIR/demo-users.env"
if [[ ! -f $DEMO_USERS ]]; then
  ( umask 077
    for u in admin operator oncall abuse; do
      printf 'DEMO_PASSWORD_%s=%s\n' "${u^^}" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-20)"
    done > "$DEMO_USERS" )
fi
# shellcheck disable=SC1090
source "$DEMO_USERS"
export DASHBOARD_ADMIN_PASSWORD="$DEMO_PASSWORD_ADMIN"
export Dashboard__Admin__UserName=admin
export Dashboard__SeedUsers__0__UserName=operator Dashboard__SeedUsers__0__Password="$DEMO_PASSWORD_OPERATOR" Dashboard__SeedUsers__0__Roles__0=Operator
export Dashboard__SeedUsers__1__UserName=oncall Dashboard__SeedUsers__1__Password="$DEMO_PASSWORD_ONCALL" Dashboard__SeedUsers__1__Roles__0=OnCall
# Two-factor: production requires it for Admin and Operator; the demo lets a newcomer in with a password alone.
DEMO_TWO_FACTOR_ROLES="${DEMO_TWO_FACTOR_ROLES:-none}"
export Dashboard__TwoFactor__RequiredRolesDefault="$DEMO_TWO_FACTOR_ROLES"
export Dashboard__SeedUsers__2__UserName=abuse Dashboard__SeedUsers__2__Password="$DEMO_PASSWORD_ABUSE" Dashboard__SeedUsers__2__Roles__0=Abuse
# The printed passwords are the accounts' at every start, even where the accounts exist already with others (./bench.sh
# on this stack seeds the test users, of the same names, with the tests' passwords): each differing one is reset to it,
# audited. The admin too, when another account is the first admin (the dashboard makes the first admin only if none).
export Dashboard__SeedUsers__3__UserName=admin Dashboard__SeedUsers__3__Password="$DEMO_PASSWORD_ADMIN" Dashboard__SeedUsers__3__Roles__0=Admin
for i in 0 1 2 3; do export "Dashboard__SeedUsers__${i}__PasswordFromConfiguration=true"; done

# Route 53 for the demo is the local stand-in (tools/Route53StandIn), not AWS: the client entry name a.tunnel.test. with
# one latency record per region. Its credentials are generated here (it checks the signature's shape only); the
# dashboard reads them through the AWS SDK's own chain (environment), as it would real ones.
STANDIN_KEYS="$STACK_DIR/route53-standin.env"
if [[ ! -f $STANDIN_KEYS ]]; then
  ( umask 077
    printf 'AWS_ACCESS_KEY_ID=AKIDSTANDIN%s\nAWS_SECRET_ACCESS_KEY=%s\n' "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" "$(head -c 30 /dev/urandom | base64 | tr -d '/+=')" > "$STANDIN_KEYS" )
fi
set -a
# shellcheck disable=SC1090
source "$STANDIN_KEYS"
set +a
export Dashboard__Routing__HostedZone=tunnel.test. Dashboard__Routing__EntryNames__0=a.tunnel.test. Dashboard__Routing__StandIn=true
export Dashboard__Routing__Route53__Endpoint="http://127.0.0.1:$ROUTE53_PORT"
# One latency record per region of this stack (demo data: each region's AWS region and edge address).
demo_route() { # region -> "aws-region edge-address"
  case $1 in
    us) echo "us-east-1 192.0.2.10" ;; eu) echo "eu-west-1 198.51.100.10" ;; ap) echo "ap-southeast-1 203.0.113.10" ;;
    au) echo "ap-southeast-2 192.0.2.30" ;; sa) echo "sa-east-1 198.51.100.30" ;;
    *) return 1 ;;
  esac
}
STANDIN_RECORDS=()
IFS=, read -ra STACK_REGION_LIST <"$STACK_DIR/regions"
for r in "${STACK_REGION_LIST[@]}"; do
  read -r aws edge <<<"$(demo_route "$r")" || { echo "no demo route for region $r: add it to demo_route in run.sh" >&2; exit 1; }
  export "Dashboard__Routing__AwsRegions__$r=$aws"
  STANDIN_RECORDS+=(--record "a.tunnel.test.|A|$r|$aws|60|$edge")
done

if curl -s -o /dev/null --max-time 1 "$URL/healthz"; then
  echo "Something already answers on $URL: stop it, or choose another port with DASHBOARD_PORT=…" >&2
  exit 1
fi

STACK_CMD="scripts/stack.sh"
if [[ $STACK_DIR != "$ROOT/.stack" || $STACK_BASE_PORT != 15400 ]]; then
  STACK_CMD="STACK_DIR=$STACK_DIR STACK_BASE_PORT=$STACK_BASE_PORT scripts/stack.sh"
fi

if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$ROUTE53_PORT/"; then
  echo "Something already answers on port $ROUTE53_PORT (the Route 53 stand-in's): stop it, or choose another with ROUTE53_PORT=…" >&2
  exit 1
fi
dotnet "$STANDIN_DLL" --port "$ROUTE53_PORT" --pending "$ROUTE53_PENDING" --rate 5 --zone tunnel.test. "${STANDIN_RECORDS[@]}" >>"$STANDIN_LOG" 2>&1 &
standin=$!

cd "$APP_DIR"
pids=($standin)
sim=""
# The simulator finishes its current transaction on SIGTERM; it, the Route 53 stand-in and (with several instances)
# HAProxy and Redis stop with the dashboard.
trap 'kill "${pids[@]}" $sim 2>/dev/null || true; wait "${pids[@]}" $sim 2>/dev/null || true' INT TERM EXIT

# Ready once /healthz says the schema is migrated and the accounts exist.
wait_ready() { # url pid
  for _ in $(seq 1 240); do
    curl -s --max-time 2 "$1/healthz" | grep -q '"schema":{"ready":true' && return 0
    kill -0 "$2" 2>/dev/null || { echo "the dashboard ($1) exited; see its output above or its log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the dashboard ($1) was not ready within 120 s" >&2; exit 1
}

if [[ $INSTANCES == 1 ]]; then
  DASHBOARD_CONFIG_FILE="$STACK_DIR/dashboard.json" ASPNETCORE_URLS="$URL" dotnet Dashboard.dll &
  app=$!
  pids+=($app)
  wait_ready "$URL" $app
  INSTANCE_LINES=""
else
  # Several instances: Redis (the live hub's backplane), the instances, then HAProxy in front of them.
  REDIS_PORT="${REDIS_PORT:-$((STACK_BASE_PORT + 40))}"
  if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
    echo "Something already answers on port $REDIS_PORT (Redis's): stop it, or choose another with REDIS_PORT=…" >&2
    exit 1
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$STACK_DIR" --logfile "$STACK_DIR/redis.log" &
  pids+=($!)
  HAPROXY_CFG="$STACK_DIR/haproxy.cfg"
  INSTANCE_LINES=""
  instance_ports=()
  for i in $(seq 1 "$INSTANCES"); do instance_ports+=($((PORT + i))); done
  "$ROOT/scripts/haproxy-config.sh" "$PORT" "${instance_ports[@]}" > "$HAPROXY_CFG"
  for i in $(seq 1 "$INSTANCES"); do
    iurl="http://127.0.0.1:$((PORT + i))"
    log="$STACK_DIR/dashboard-$i.log"
    if curl -s -o /dev/null --max-time 1 "$iurl/livez"; then echo "Something already answers on $iurl: choose another DASHBOARD_PORT" >&2; exit 1; fi
    DASHBOARD_CONFIG_FILE="$STACK_DIR/dashboard.json" ASPNETCORE_URLS="$iurl" \
      Dashboard__Scaleout__Redis="127.0.0.1:$REDIS_PORT" Dashboard__Scaleout__InstanceName="d$i" \
      dotnet Dashboard.dll >>"$log" 2>&1 &
    pid=$!
    pids+=($pid)
    wait_ready "$iurl" $pid
    INSTANCE_LINES+="              d$i  $iurl  pid $pid  (log: $log)
"
  done
  haproxy -f "$HAPROXY_CFG" -db >>"$STACK_DIR/haproxy.log" 2>&1 &
  pids+=($!)
  wait_ready "$URL" $!
fi

if sim_on; then
  dotnet "$SIM_DLL" --config "$STACK_DIR/dashboard.json" --rate "$SIM_RATE" >>"$SIM_LOG" 2>&1 &
  sim=$!
  SIM_LINE="creating and removing free.tunnel.test tunnels at $SIM_RATE/s (log: $SIM_LOG)
              TUNNEL_SIM_RATE=5 ./run.sh for another rate, TUNNEL_SIM_RATE=0 ./run.sh to turn it off"
else
  SIM_LINE="off (TUNNEL_SIM_RATE=0); TUNNEL_SIM_RATE=20 ./run.sh turns it on"
fi

cat <<BANNER

  Dashboard:  $URL   (ready after $(( $(date +%s) - started )) s)
${INSTANCE_LINES:+  Instances:  $INSTANCES behind HAProxy on $URL (config: $STACK_DIR/haproxy.cfg), Redis backplane on port $REDIS_PORT
$INSTANCE_LINES              kill -9 one of them: pages reconnect to another; /healthz says which is the leader
}  Health:     $URL/healthz
  Sign in as (demo accounts of this stack, one per role; passwords in $DEMO_USERS):
      admin     $DEMO_PASSWORD_ADMIN     Admin: everything, plus users
      operator  $DEMO_PASSWORD_OPERATOR     Operator: zones, records, TTLs, SOA, routing; run checks
      oncall    $DEMO_PASSWORD_ONCALL     OnCall: read everything; run checks; no DNS changes
      abuse     $DEMO_PASSWORD_ABUSE     Abuse: read zones; takedowns in free zones
  Two-factor: required for roles: $DEMO_TWO_FACTOR_ROLES (DEMO_TWO_FACTOR_ROLES=Admin,Operator ./run.sh to require it as production does;
              an Admin's choice on the Users page wins). Anyone can set it up under "Two-factor" in the app bar.
  Stack:      $STACK_CMD status   (state in $STACK_DIR)
              lag drill: $STACK_CMD lag eu 500ms   (and: lag eu off)
  Tunnels:    simulator $SIM_LINE
  Route 53:   the local stand-in (not AWS) on http://127.0.0.1:$ROUTE53_PORT, changes PENDING for $ROUTE53_PENDING (log: $STANDIN_LOG)
              ROUTE53_PENDING=10s ./run.sh for a shorter wait; real Route 53: see README, Against real Route 53

  Stop the dashboard (with the simulator, the Route 53 stand-in, and any HAProxy and Redis) with Ctrl-C. The stack keeps running; stop it with:
      $STACK_CMD down

BANNER
wait "${pids[@]:1}"
