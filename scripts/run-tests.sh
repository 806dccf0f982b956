#!/usr/bin/env bash
# Runs one kind of test with node's test runner on the compiled output.
#   unit:        *.test.js beside the code in profile/, contract/, chaincode/, verifier/, sdk/, gateway/, web/, tools/, scripts/ (no network)
#   integration: test/*.test.js against the live network (the suites start it when needed)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

kind=${1:?usage: run-tests.sh unit|integration}
case $kind in
  unit) mapfile -t files < <(find profile/dist contract/dist chaincode/dist verifier/dist sdk/dist gateway/dist web/dist tools/dist scripts/dist -name '*.test.js' 2>/dev/null | sort) ;;
  integration) mapfile -t files < <(find test/dist -maxdepth 1 -name '*.test.js' | sort) ;;
  *) echo "unknown test kind: $kind (unit or integration)" >&2; exit 2 ;;
esac
if [ ${#files[@]} -eq 0 ]; then
  echo "no $kind test files found: run 'npm run build' first" >&2
  exit 1
fi
# A file that stalls fails after this long instead of holding the run until CI's limit: a unit file takes
# seconds, the longest live suite a few minutes. (A test process has been seen to stall at start, 0 % CPU in
# a futex wait, under heavy load on a 2-core machine; see the root README, Tests.)
case $kind in
  unit) per_file_ms=180000 ;;
  integration) per_file_ms=1200000 ;;
esac
# One file at a time: the integration suites share one network, and 2 cores are better spent on it.
exec node --test --test-concurrency=1 --test-timeout="$per_file_ms" --enable-source-maps --test-reporter=spec "${files[@]}"
