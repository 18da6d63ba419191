#!/usr/bin/env bash
# Prints the HAProxy configuration for dashboard instances on one machine: the one ./run.sh --instances N writes and
# the scale-out tests run (tests/Dashboard.TestSupport/HaproxyServer.cs), so both use the same.
#   scripts/haproxy-config.sh FRONTEND_PORT INSTANCE_PORT...     instances are named d1, d2, … in that order
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 FRONTEND_PORT INSTANCE_PORT..." >&2; exit 2; }
front=$1
shift
cat <<CFG
# HAProxy in front of the dashboard's instances (scripts/haproxy-config.sh).
global
  maxconn 4000
defaults
  mode http
  option forwardfor
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # WebSockets (Blazor circuits, the live hub) idle at most a keep-alive interval (15 s); a tunnel outlives that.
  timeout tunnel 1h
  timeout client-fin 5s
frontend dashboard
  bind 127.0.0.1:$front
  default_backend instances
backend instances
  balance roundrobin
  # Sticky: a Blazor Server circuit lives on one instance. An instance that stops answering /livez is out within 2 s;
  # meanwhile a request sticky to it is sent to another at its first retry (redispatch 1; HAProxy waits up to 1 s
  # before a retry after a refused connection): the browser reconnects there.
  cookie DASHBOARD_INSTANCE insert indirect nocache httponly
  option redispatch 1
  retries 2
  option httpchk
  http-check send meth GET uri /livez
  default-server check inter 1s fall 2 rise 2
CFG
i=1
for port in "$@"; do
  echo "  server d$i 127.0.0.1:$port cookie d$i"
  i=$((i + 1))
done
