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

cat <<MSG
[start] the network is ready.
  status:        npm run network:status
  a token:       npm run -s cli -- token issue --identity bank1/officer   (identities: data/network/gateway-profile.json)
  the scenario:  npm run demo
  as an org admin with Fabric's peer CLI:  eval "\$(npm run -s network:env -- gov)"; peer channel list
  stop:          Ctrl-C stops the service; npm run network:down stops the network
[start] starting the gateway service
MSG
exec node gateway/dist/main.js
