#!/usr/bin/env bash
# Runs every test (unit, bUnit, integration, end-to-end) against its own local stack.
# The test stack lives in .stack-test on ports from 25400, so it runs beside ./run.sh's stack.
#   KEEP_STACK=1 ./test.sh   leaves the test stack running afterwards
#   ./test.sh unit|standin|components|integration|e2e|five   runs one suite (five: the region-count smoke test on a
#   five-region stack of its own, .stack-five on ports from 25500)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
export STACK_DIR="${TEST_STACK_DIR:-$ROOT/.stack-test}"
export STACK_BASE_PORT="${TEST_STACK_BASE_PORT:-25400}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CONFIGURATION=Release
RESULTS="$ROOT/artifacts/test-results"
started=$(date +%s)

declare -A SUITES=([unit]=Dashboard.Tests [standin]=Route53StandIn.Tests [components]=Dashboard.Components.Tests [integration]=Dashboard.IntegrationTests [e2e]=Dashboard.EndToEndTests [five]=Dashboard.IntegrationTests)
ORDER=(unit standin components integration e2e five)
FIVE_STACK_DIR="$ROOT/.stack-five" FIVE_BASE_PORT=25500 FIVE_REGIONS=us,eu,ap,au,sa
if [[ $# -gt 0 ]]; then
  for s in "$@"; do [[ -n ${SUITES[$s]:-} ]] || { echo "unknown suite '$s' (unit|standin|components|integration|e2e|five)" >&2; exit 2; }; done
  ORDER=("$@")
fi

step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "dependencies"
scripts/install-deps.sh

needs_stack=false
for s in "${ORDER[@]}"; do [[ $s == integration || $s == e2e ]] && needs_stack=true; done
if $needs_stack; then
  step "test stack ($STACK_DIR, ports from $STACK_BASE_PORT)"
  scripts/stack.sh reset
  scripts/stack.sh seed
  if [[ ${KEEP_STACK:-0} != 1 ]]; then
    trap 'scripts/stack.sh down >/dev/null 2>&1 || true; [[ -d $FIVE_STACK_DIR ]] && STACK_DIR=$FIVE_STACK_DIR STACK_BASE_PORT=$FIVE_BASE_PORT scripts/stack.sh down >/dev/null 2>&1 || true' EXIT
  fi
fi

step "build"
dotnet build Dashboard.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly

rm -rf "$RESULTS" && mkdir -p "$RESULTS"
total_passed=0 total_failed=0 failed_suites=()
for s in "${ORDER[@]}"; do
  project=${SUITES[$s]}
  args=() runenv=()
  if [[ $s == five ]]; then
    # Regions are data: the same smoke test on a stack of five (its own directory and ports), after the others.
    if $needs_stack && [[ ${KEEP_STACK:-0} != 1 ]]; then scripts/stack.sh down >/dev/null 2>&1 || true; fi
    step "five regions ($FIVE_STACK_DIR, ports from $FIVE_BASE_PORT, $FIVE_REGIONS)"
    STACK_DIR=$FIVE_STACK_DIR STACK_BASE_PORT=$FIVE_BASE_PORT STACK_REGIONS=$FIVE_REGIONS scripts/stack.sh reset
    STACK_DIR=$FIVE_STACK_DIR STACK_BASE_PORT=$FIVE_BASE_PORT scripts/stack.sh seed
    args=(-class Dashboard.IntegrationTests.RegionCountSmokeTests)
    runenv=(DASHBOARD_TEST_STACK_DIR="$FIVE_STACK_DIR" DASHBOARD_TEST_EXPECT_REGIONS=5)
  fi
  step "$s ($project)"
  log="$RESULTS/$s.log"
  set +e
  env "${runenv[@]}" dotnet "tests/$project/bin/$CONFIGURATION/net10.0/$project.dll" -noColor -noLogo -xml "$RESULTS/$s.xml" "${args[@]}" 2>&1 | tee "$log" | grep -vE '^\s*(\[0m)?$' | grep -E '\[FAIL\]|^\s+(Assert|Shouldly|Expected|Actual|at Dashboard)|Total:|Exception' || true
  code=${PIPESTATUS[0]}
  set -e
  if [[ $s == five && ${KEEP_STACK:-0} != 1 ]]; then STACK_DIR=$FIVE_STACK_DIR STACK_BASE_PORT=$FIVE_BASE_PORT scripts/stack.sh down >/dev/null 2>&1 || true; fi
  summary=$(grep -E "^\s*$project\s+Total:" "$log" | tail -1)
  if [[ -z $summary ]]; then
    echo "$project: no test summary (exit $code); see $log"; failed_suites+=("$s"); total_failed=$((total_failed + 1)); continue
  fi
  n() { sed -E "s/.*$1: ([0-9]+).*/\1/" <<<"$summary"; }
  t=$(n Total) f=$(n Failed) e=$(n Errors) sk=$(n Skipped)
  passed=$((t - f - e - sk))
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + f + e))
  if [[ $code -ne 0 || $f -ne 0 || $e -ne 0 || $t -eq 0 ]]; then failed_suites+=("$s"); fi
done

step "done"
[[ ${#failed_suites[@]} -eq 0 ]] || echo "failed suites: ${failed_suites[*]} (logs in $RESULTS)"
echo "test.sh took $(( $(date +%s) - started )) s"
echo "$total_passed passed, $total_failed failed"
[[ ${#failed_suites[@]} -eq 0 ]]
