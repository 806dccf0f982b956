#!/usr/bin/env bash
# The fault suite (issue 14) on its own network instance, never the main one (offset 0) or the lifecycle
# test's (20000): SME_FAULTS_DATA_DIR (default data/faults) and SME_FAULTS_PORT_OFFSET (default 10000, ports
# 13000-21164). SME_FAULTS_MODE=short is the CI form that `npm test` runs; full (default) holds every fault
# as long as the issue says and adds the long loads. The instance is brought down at the end.
#   npm run test:faults [-- --only <fault name text>] [-- --keep-up]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export SME_DATA_DIR=${SME_FAULTS_DATA_DIR:-$ROOT/data/faults}
export SME_PORT_OFFSET=${SME_FAULTS_PORT_OFFSET:-10000}
if [ "${SME_FAULTS_SKIP_BUILD:-}" != 1 ]; then
  npm run -s build
fi
bash scripts/install-fabric.sh
# The short form injects no network faults, so it needs no Toxiproxy.
[ "${SME_FAULTS_MODE:-full}" = short ] ||
  bash scripts/install-toxiproxy.sh || echo "[faults] Toxiproxy could not be built: the network faults are reported as not applicable" >&2
exec node --enable-source-maps tools/dist/faults/fault-suite.js "$@"
