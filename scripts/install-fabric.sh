#!/usr/bin/env bash
# Builds the pinned Fabric and Fabric CA binaries from the Go module proxy into .fabric/bin (git-ignored),
# unless binaries of the right version are already there, in $FABRIC_BIN or on PATH.
# Fabric v3.1.5 and v2.5.16 are refused by the module proxy reachable here; v3.1.1 is served, so we pin it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FABRIC_HOME=${FABRIC_HOME:-$ROOT/.fabric}
BIN_DIR=$FABRIC_HOME/bin
FABRIC_VERSION=3.1.1
FABRIC_CA_VERSION=1.5.21
GO_MIN=1.25.0 # fabric-ca 1.5.21 needs 1.25; fabric 3.1.1 needs 1.24.2
FABRIC_BINS=(peer orderer configtxgen configtxlator osnadmin cryptogen)
CA_BINS=(fabric-ca-server fabric-ca-client)

log() { printf '[fabric] %s\n' "$*"; }
die() { printf '[fabric] error: %s\n' "$*" >&2; exit 1; }

# Prints the version a Fabric binary reports ("Version: x.y.z").
binary_version() {
  local bin=$1 out
  case $(basename "$bin") in
    configtxgen) out=$("$bin" -version 2>/dev/null) ;;
    # osnadmin cannot report a version; it is built in the same go build as the peer beside it.
    osnadmin) out=$("$(dirname "$bin")/peer" version 2>/dev/null) ;;
    *) out=$("$bin" version 2>/dev/null) ;;
  esac
  sed -n 's/^ *Version: *v\{0,1\}\([0-9][0-9.]*\).*/\1/p' <<<"$out" | head -n1
}

# Links a matching binary from $FABRIC_BIN or PATH into BIN_DIR; fails if none has the wanted version.
adopt_existing() {
  local name=$1 want=$2 candidate
  for candidate in ${FABRIC_BIN:+"$FABRIC_BIN/$name"} "$(command -v "$name" 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    [ "$(realpath "$candidate")" = "$(realpath -m "$BIN_DIR/$name")" ] && continue
    if [ "$(binary_version "$candidate")" = "$want" ]; then
      ln -sf "$(realpath "$candidate")" "$BIN_DIR/$name"
      return 0
    fi
  done
  return 1
}

have_all() {
  local want=$1 name
  shift
  for name in "$@"; do
    if [ -x "$BIN_DIR/$name" ] && [ "$(binary_version "$BIN_DIR/$name")" = "$want" ]; then continue; fi
    adopt_existing "$name" "$want" || return 1
  done
}

check_go() {
  command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go $GO_MIN or newer (https://go.dev/doc/install), then re-run."
  local have
  have=$(go env GOVERSION | sed 's/^go//')
  if [ "$(printf '%s\n%s\n' "$GO_MIN" "$have" | sort -V | head -n1)" != "$GO_MIN" ]; then
    die "Go $have is too old: Fabric $FABRIC_VERSION needs Go $GO_MIN or newer. Install a newer Go, then re-run."
  fi
}

# Builds the packages of one pinned module; the committed go.mod/go.sum fix every dependency version.
build_module() {
  local module_dir=$1 version_pkg=$2 version=$3
  shift 3
  local work=$FABRIC_HOME/build/$(basename "$module_dir")
  mkdir -p "$work"
  cp "$module_dir/go.mod" "$module_dir/go.sum" "$work/"
  (cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=1 go build -trimpath \
    -ldflags "-X $version_pkg.Version=$version" -o "$BIN_DIR/" "$@")
}

link_sampleconfig() {
  # Fabric's default core.yaml/orderer.yaml come from the installed module, never from our repo.
  local dir
  dir=$(cd "$FABRIC_HOME/build/fabric" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/hyperledger/fabric)
  [ -f "$dir/sampleconfig/core.yaml" ] || die "Fabric module has no sampleconfig/core.yaml at $dir"
  ln -sfn "$dir/sampleconfig" "$FABRIC_HOME/sampleconfig"
}

main() {
  mkdir -p "$BIN_DIR"
  local start=$SECONDS
  if have_all "$FABRIC_VERSION" "${FABRIC_BINS[@]}" && [ -f "$FABRIC_HOME/sampleconfig/core.yaml" ]; then
    log "Fabric $FABRIC_VERSION present in $BIN_DIR"
  else
    check_go
    log "building Fabric $FABRIC_VERSION (peer, orderer, tools) from the Go module proxy; a cold build takes ~2 minutes"
    build_module "$ROOT/scripts/fabric/fabric" github.com/hyperledger/fabric/common/metadata "$FABRIC_VERSION" \
      "${FABRIC_BINS[@]/#/github.com/hyperledger/fabric/cmd/}"
    link_sampleconfig
  fi
  if have_all "$FABRIC_CA_VERSION" "${CA_BINS[@]}"; then
    log "Fabric CA $FABRIC_CA_VERSION present in $BIN_DIR"
  else
    check_go
    command -v gcc >/dev/null 2>&1 || die "gcc is needed to build fabric-ca-server (cgo, sqlite): apt-get install gcc"
    log "building Fabric CA $FABRIC_CA_VERSION from the Go module proxy"
    build_module "$ROOT/scripts/fabric/fabric-ca" github.com/hyperledger/fabric-ca/lib/metadata "$FABRIC_CA_VERSION" \
      "${CA_BINS[@]/#/github.com/hyperledger/fabric-ca/cmd/}"
  fi
  [ -f "$FABRIC_HOME/sampleconfig/core.yaml" ] || { mkdir -p "$FABRIC_HOME/build/fabric"; cp "$ROOT/scripts/fabric/fabric/go."* "$FABRIC_HOME/build/fabric/"; link_sampleconfig; }
  log "ready in $((SECONDS - start)) s: $BIN_DIR"
}

main "$@"
