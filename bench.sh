#!/usr/bin/env bash
# Runs a benchmark against the local stack (the one ./run.sh uses) and records it in docs/benchmarks.{json,md}.
#   ./bench.sh list     names the benchmarks
#   ./bench.sh NAME     runs one;  ./bench.sh all  runs every one
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
export STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
export STACK_BASE_PORT="${STACK_BASE_PORT:-15400}"
export DASHBOARD_TEST_STACK_DIR="$STACK_DIR"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
name="${1:-list}"

dotnet build bench/Dashboard.Benchmarks/Dashboard.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
if [[ $name != list && $name != -h && $name != --help ]]; then
  # The lag benchmark compares the dashboard's figure with Debian's prometheus-postgres-exporter.
  if [[ $name == lag || $name == all ]]; then scripts/install-deps.sh prometheus-postgres-exporter; else scripts/install-deps.sh; fi
  scripts/stack.sh up >/dev/null
  scripts/stack.sh seed >/dev/null
  # The scale-out benchmark also measures propagation on a five-region stack of its own, stopped afterwards.
  if [[ $name == scaleout || $name == all ]]; then
    export BENCH_FIVE_STACK_DIR="$ROOT/.stack-bench-five"
    five() { STACK_DIR="$BENCH_FIVE_STACK_DIR" STACK_BASE_PORT=16500 STACK_REGIONS=us,eu,ap,au,sa scripts/stack.sh "$@"; }
    five up >/dev/null
    five seed >/dev/null
    trap 'five down >/dev/null 2>&1 || true' EXIT
    dotnet bench/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll "$@"
    exit
  fi
fi
exec dotnet bench/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll "$@"
