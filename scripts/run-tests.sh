#!/usr/bin/env bash
# Runs one Jest project (jest.config.ts) from the TypeScript sources; extra arguments go to Jest.
#   unit:        *.test.ts beside the code in profile/, contract/, chaincode/, verifier/, sdk/, gateway/, web/, tools/,
#                scripts/ (no network), with coverage and the floors CI enforces for chaincode/src/domain and contracts
#   integration: test/*.test.ts against the live network (the suites start it when needed), one file at a time
# Jest's results go to test-results/<kind>.json; the last line printed is `N passed, N failed` (scripts/jest-summary.cjs),
# the closing line CI reads.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

kind=${1:?usage: run-tests.sh unit|integration [jest arguments]}
shift
# A run that stalls fails after this long instead of holding CI to its own limit. At a load of 50 on 2 cores
# (2026-12-02) the unit project alone passed an hour and live files took 4 to 14 minutes each. (A test process
# has been seen to stall at start, 0 % CPU in a futex wait, under heavy load on a 2-core machine; see the root
# README, Tests.) Each test and hook also has its own limit (jest.config.ts, jest.setTimeout in each live suite).
case $kind in
  unit) limit=120m args=(--selectProjects unit --coverage) ;;
  # One file at a time: the integration suites share one network, and 2 cores are better spent on it.
  integration) limit=240m args=(--selectProjects integration --runInBand) ;;
  *) echo "unknown test kind: $kind (unit or integration)" >&2; exit 2 ;;
esac
mkdir -p test-results
results=test-results/$kind.json
rm -f "$results"
status=0
timeout --kill-after=30s "$limit" node node_modules/jest/bin/jest.js "${args[@]}" --ci --json --outputFile="$results" "$@" ||
  status=$?
node scripts/jest-summary.cjs "$results"
exit $status
