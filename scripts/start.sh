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

if [ -f gateway/dist/main.js ]; then
  echo "[start] starting the gateway service"
  exec node gateway/dist/main.js
fi
cat <<MSG
[start] the network is ready.
  status:   npm run network:status
  as an org admin with Fabric's peer CLI:  eval "\$(npm run -s network:env -- gov)"; peer channel list
  stop:     npm run network:down
MSG
