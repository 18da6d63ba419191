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

needs_stack=false needs_five=false
for s in "${ORDER[@]}"; do
  [[ $s == integration || $s == e2e ]] && needs_stack=true
  [[ $s == five ]] && needs_five=true
done
declare -A STACK_JOBS=() STACK_LOGS=()
# The five-region stack's commands, also in the background jobs below (exported with what they read).
five() { STACK_DIR=$FIVE_STACK_DIR STACK_BASE_PORT=$FIVE_BASE_PORT STACK_REGIONS=$FIVE_REGIONS scripts/stack.sh "$@"; }
export FIVE_STACK_DIR FIVE_BASE_PORT FIVE_REGIONS
export -f five
# What a suite's output shows here: failures, their assertions and the summary (the whole log is kept in $RESULTS).
shown() { grep -vE '^\s*(\[0m)?$' | grep -E '\[FAIL\]|^\s+(Assert|Shouldly|Expected|Actual|at Dashboard)|Total:|Exception'; }
cleanup() {
  dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true
  if [[ -n ${five_job:-} ]]; then kill -- "-$five_job" 2>/dev/null || true; wait "$five_job" 2>/dev/null || true; fi
  # A stack still starting (the build failed) is stopped before it is taken down.
  for job in "${STACK_JOBS[@]}"; do kill -- "-$job" 2>/dev/null || kill "$job" 2>/dev/null || true; wait "$job" 2>/dev/null || true; done
  [[ ${KEEP_STACK:-0} == 1 ]] && return
  if $needs_stack; then scripts/stack.sh down >/dev/null 2>&1 || true; fi
  if $needs_five && [[ -d $FIVE_STACK_DIR ]]; then five down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# The stacks come up while the solution builds (processes and disk against compilation): each in the background with
# its own log, waited for before the first suite that needs it, and shown in full if it failed.
stack_job() { # name log command...
  local name=$1 log=$2; shift 2
  setsid "$@" >"$log" 2>&1 &
  STACK_JOBS[$name]=$!
  STACK_LOGS[$name]=$log
}
wait_stack() { # name
  local name=$1 code=0
  [[ -n ${STACK_JOBS[$name]:-} ]] || return 0
  wait "${STACK_JOBS[$name]}" || code=$?
  unset "STACK_JOBS[$name]"
  sed 's/^/  /' "${STACK_LOGS[$name]}"
  if [[ $code -ne 0 ]]; then echo "the $name stack failed to start (exit $code); its log is above" >&2; exit 1; fi
}
mkdir -p "$ROOT/artifacts"
if $needs_stack; then
  step "test stack ($STACK_DIR, ports from $STACK_BASE_PORT), in the background"
  stack_job test "$ROOT/artifacts/stack-test.log" bash -c 'scripts/stack.sh reset && scripts/stack.sh seed'
fi
if $needs_five; then
  # Regions are data: the five-region smoke test runs on a stack of its own (its own directory and ports).
  step "five-region stack ($FIVE_STACK_DIR, ports from $FIVE_BASE_PORT, $FIVE_REGIONS), in the background"
  stack_job five "$ROOT/artifacts/stack-five.log" bash -c 'five reset && five seed'
fi

step "build"
# The compiler server on (a machine may turn it off, as this one does with UseSharedCompilation=false): Roslyn warms
# up once for the solution's projects instead of once each, 60 s instead of 87 s for a clean build here. It is
# stopped when the tests end.
dotnet build Dashboard.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly -p:UseSharedCompilation=true

rm -rf "$RESULTS" && mkdir -p "$RESULTS"
# The five-region smoke test runs in the background beside the suites after the build (one dashboard start and one
# change on a stack of its own: mostly waiting), then takes its stack down; its result is read in its turn below.
five_job=""
if $needs_five; then
  wait_stack five
  step "five (Dashboard.IntegrationTests), in the background"
  five_down=$([[ ${KEEP_STACK:-0} == 1 ]] && echo true || echo "five down >/dev/null 2>&1 || true")
  setsid bash -c "DASHBOARD_TEST_STACK_DIR='$FIVE_STACK_DIR' DASHBOARD_TEST_EXPECT_REGIONS=5 dotnet 'tests/${SUITES[five]}/bin/$CONFIGURATION/net10.0/${SUITES[five]}.dll' -noColor -noLogo -xml '$RESULTS/five.xml' -class Dashboard.IntegrationTests.RegionCountSmokeTests >'$RESULTS/five.log' 2>&1; code=\$?; $five_down; exit \$code" &
  five_job=$!
fi
total_passed=0 total_failed=0 failed_suites=()
for s in "${ORDER[@]}"; do
  project=${SUITES[$s]}
  if [[ $s == integration || $s == e2e ]]; then wait_stack test; fi
  step "$s ($project)"
  log="$RESULTS/$s.log"
  set +e
  if [[ $s == five ]]; then
    wait "$five_job"; code=$?; five_job=""
    shown <"$log"
  else
    dotnet "tests/$project/bin/$CONFIGURATION/net10.0/$project.dll" -noColor -noLogo -xml "$RESULTS/$s.xml" 2>&1 | tee "$log" | shown || true
    code=${PIPESTATUS[0]}
  fi
  set -e
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
