#!/usr/bin/env bash
# The main job on a fresh machine: install, build, build Fabric if missing, bring the network up,
# deploy the chaincode, then run the gateway service in the foreground (Ctrl-C stops the service;
# the network keeps running until `npm run network:down`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

bash scripts/ensure-deps.sh
echo "[start] build"
npm run -s build
bash scripts/install-fabric.sh
node scripts/dist/network/cli.js up

# One service per organization (gov serves departments and companies), each holding only its own keys, on
# 3000 + SME_PORT_OFFSET + the organization's place in network/topology.json; SME_GATEWAY_ORG=<org> starts one.
mapfile -t orgs < <(node -e 'const p = require("./gateway/dist/org-ports.js");
  for (const org of p.serviceOrgs(process.cwd())) console.log(org + " " + p.servicePort(p.serviceOrgs(process.cwd()), org, Number(process.env.SME_PORT_OFFSET ?? 0)));')
if [ -n "${SME_GATEWAY_ORG:-}" ]; then
  mapfile -t orgs < <(printf '%s\n' "${orgs[@]}" | awk -v org="$SME_GATEWAY_ORG" '$1 == org')
  if [ ${#orgs[@]} -eq 0 ]; then
    echo "[start] SME_GATEWAY_ORG=$SME_GATEWAY_ORG is not an organization of network/topology.json" >&2
    exit 2
  fi
fi

echo "[start] the network is ready; gateway services, one per organization:"
for entry in "${orgs[@]}"; do
  printf '  %-8s http://127.0.0.1:%s   (tokens: npm run -s cli -- token issue --identity %s/<name>)\n' \
    "${entry% *}" "${entry#* }" "${entry% *}"
done
cat <<MSG
  web console:   open a service's address in a browser (gov's for departments and companies) and sign in
                 with a token issued as above; Simplified Chinese or English
  identities:    data/network/orgs/<org>/gateway-profile.json (each service loads only its own)
  status:        npm run network:status
  the scenario:  npm run demo   (or, against these services: node tools/dist/demo/main.js --running)
  as an org admin with Fabric's peer CLI:  eval "\$(npm run -s network:env -- gov)"; peer channel list
  stop:          Ctrl-C stops the services (a service that dies is restarted by the supervisor);
                 npm run network:down stops the network
MSG

# Without SME_GATEWAY_ORG: the services run as processes of the network, which the supervisor restarts with
# back-off when one dies (network:status lists them); this shell follows their logs, and Ctrl-C stops them.
if [ -z "${SME_GATEWAY_ORG:-}" ]; then
  node scripts/dist/network/cli.js gateways up
  trap 'node scripts/dist/network/cli.js gateways down; exit 0' INT TERM
  logs=()
  for entry in "${orgs[@]}"; do logs+=("${SME_DATA_DIR:-$ROOT/data}/network/logs/gateway.${entry% *}.log"); done
  tail -n 0 -F "${logs[@]}" &
  wait $!
  exit 0
fi

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop INT TERM
for entry in "${orgs[@]}"; do
  SME_GATEWAY_ORG="${entry% *}" SME_GATEWAY_PORT="${entry#* }" node gateway/dist/main.js &
  pids+=($!)
done
# The service stops with Ctrl-C or a crash.
status=0
wait -n "${pids[@]}" || status=$?
stop
wait "${pids[@]}" 2>/dev/null || true
exit "$status"
