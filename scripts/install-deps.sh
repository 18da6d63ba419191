#!/usr/bin/env bash
# Installs the Debian packages the local stack (scripts/stack.sh) and the browser tests need.
# Idempotent: only missing packages are installed; nothing happens when all are present.
set -euo pipefail

# postgresql 15, PowerDNS Authoritative + its PostgreSQL backend, dig, Chromium (the benchmarks' browser) and its
# headless shell (the browser tests'), curl (stack.sh calls the PowerDNS HTTP API), jq (scripts/api-client.sh).
# chromium is installed without its Recommends (desktop bits: upower, notification daemons...), so the one that
# matters for headless rendering, fonts-liberation, is listed explicitly. redis-server and haproxy: several dashboard
# instances (./run.sh --instances N, and the scale-out tests): the hub's backplane and the load balancer.
PACKAGES=(postgresql pdns-server pdns-backend-pgsql bind9-dnsutils chromium chromium-headless-shell fonts-liberation curl jq redis-server haproxy)
# Extra packages a caller needs on top (bench.sh: prometheus-postgres-exporter for the lag benchmark's comparison).
PACKAGES+=("$@")

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  echo "install-deps: must run as root (or have sudo)" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all present (${PACKAGES[*]})"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
# policy-rc.d: do not let the packages' maintainer scripts start services (no systemd here,
# and the stack runs its own instances; the Debian default cluster is left alone).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [[ $created_policy -eq 1 ]]; then "${SUDO[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" >/tmp/install-deps.$$.log 2>&1 || {
    echo "install-deps: apt-get install failed; last lines:" >&2
    tail -n 30 /tmp/install-deps.$$.log >&2
    exit 1
  }
rm -f /tmp/install-deps.$$.log
echo "install-deps: done"
