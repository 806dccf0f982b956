#!/usr/bin/env bash
# The live journeys with each organization on its own host (issue 17 item 1): a netns-mode instance of its own
# (SME_NETNS_SUITE_DATA_DIR, default data/netns; SME_NETNS_SUITE_OFFSET, default 9000 like the netns-hosts
# test, which cannot run beside it: namespace and bridge names are per machine), then every integration file
# that exercises a user journey through the network, then `down`. Root only (network namespaces).
#   npm run test:netns [-- <jest arguments>]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [ "$(id -u)" != 0 ]; then
  echo "[netns] test:netns needs root: it creates network namespaces, veth pairs and a bridge (ip netns)" >&2
  exit 2
fi
export SME_DATA_DIR=${SME_NETNS_SUITE_DATA_DIR:-$ROOT/data/netns}
export SME_PORT_OFFSET=${SME_NETNS_SUITE_OFFSET:-9000}
export SME_HOSTS=netns

# Left out, with the reason: they run instances or processes of their own, in loopback mode on purpose, or act
# on the loopback main instance's process table (netns-hosts covers netns mode's own operations):
#   add-org, backup-restore, snapshot-join, network-lifecycle (instances and membership changes of their own),
#   netns-hosts (its own netns instance), gateway-supervision, monitoring, dev-mode, network-secrets
#   (processes of the main instance, reached on loopback).
JOURNEYS=(
  bank-confidentiality block-explorer chaincode-interface consent-access crafted-bookmarks credit-flow
  encrypted-reads example-clients financing financing-http gateway-http launch-day-demo ledger-verifier
  network-replication org-gateways own-lists peer-failover privacy-scan
  web-console-auditor web-console-consent web-console-financing web-console-objections
)
files=()
for name in "${JOURNEYS[@]}"; do files+=("test/$name.test.ts"); done

trap 'node scripts/dist/network/cli.js down' EXIT
npm run -s build
bash scripts/install-fabric.sh
node scripts/dist/network/cli.js up
bash scripts/install-browser.sh
bash scripts/run-tests.sh integration "$@" -- "${files[@]}"
