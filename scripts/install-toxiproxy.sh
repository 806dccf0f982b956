#!/usr/bin/env bash
# Builds the pinned Toxiproxy server (the fault suite's network faults) from the Go module proxy into
# .tools/bin (git-ignored), unless that version is already there. The version is pinned by
# scripts/toxiproxy/go.mod and go.sum, as scripts/install-fabric.sh pins Fabric.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_HOME=${TOOLS_HOME:-$ROOT/.tools}
BIN=$TOOLS_HOME/bin/toxiproxy-server
VERSION=$(sed -n 's/^require github.com\/Shopify\/toxiproxy\/v2 \(v[0-9.]*\)$/\1/p' "$ROOT/scripts/toxiproxy/go.mod")

log() { printf '[toxiproxy] %s\n' "$*"; }
die() { printf '[toxiproxy] error: %s\n' "$*" >&2; exit 1; }

[ -n "$VERSION" ] || die "no Toxiproxy version in scripts/toxiproxy/go.mod"
if [ -x "$BIN" ] && "$BIN" -version 2>/dev/null | grep -q "${VERSION#v}"; then
  log "toxiproxy-server $VERSION present"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is not installed; the fault suite's network faults need it to build Toxiproxy."
work=$TOOLS_HOME/build/toxiproxy
mkdir -p "$work" "$TOOLS_HOME/bin"
cp "$ROOT/scripts/toxiproxy/go.mod" "$ROOT/scripts/toxiproxy/go.sum" "$work/"
log "building toxiproxy-server $VERSION from the Go module proxy"
(cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
  -ldflags "-X github.com/Shopify/toxiproxy/v2.Version=${VERSION#v}" -o "$BIN" github.com/Shopify/toxiproxy/v2/cmd/server)
log "installed $BIN"
