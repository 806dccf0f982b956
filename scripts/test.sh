#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, build, lint, unit tests, integration tests on a
# real Fabric network (built and started here when it is not running), then the short fault suite (issue 14)
# on an instance of its own (offset 10000), brought down at its end.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# The closing line CI reads, both Jest projects summed, also when a step fails before the end.
rm -f test-results/unit.json test-results/integration.json test-results/failed-step
# A failed run also says at which step it stopped, just above that line and in test-results/failed-step for
# .ci/run, so a log CI has cut short still shows where.
step=dependencies
summary() {
  local status=$?
  mkdir -p test-results
  if [ "$status" = 0 ]; then
    rm -f test-results/failed-step
  else
    echo "[test] failed at: $step (exit $status)" | tee test-results/failed-step
  fi
  node scripts/jest-summary.cjs test-results/unit.json test-results/integration.json
}
trap summary EXIT

bash scripts/ensure-deps.sh
step=build; echo "[test] build"
npm run -s build
step=lint; echo "[test] lint and format"
npm run -s lint
step="unit tests"; echo "[test] unit tests"
bash scripts/run-tests.sh unit
step="Fabric network"; echo "[test] Fabric network"
bash scripts/install-fabric.sh
node scripts/dist/network/cli.js up
step=browser; echo "[test] browser for the web console tests"
bash scripts/install-browser.sh
step="integration tests"; echo "[test] integration tests"
bash scripts/run-tests.sh integration
if [ "${SME_TEST_FAULTS:-1}" = 0 ]; then
  echo "[test] fault suite skipped (SME_TEST_FAULTS=0)"
  exit 0
fi
if [ "${CI:-}" = true ]; then
  # CI's 2 cores go to the fault suite's instance; .ci/run stops this network anyway.
  node scripts/dist/network/cli.js down
fi
step="fault suite, short form"; echo "[test] fault suite, short form"
SME_FAULTS_MODE=short SME_FAULTS_SKIP_BUILD=1 bash scripts/test-faults.sh
