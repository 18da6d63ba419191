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
fi
exec dotnet bench/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll "$@"
