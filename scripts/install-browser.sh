#!/usr/bin/env bash
# Debian's chromium and CJK fonts for the web console's browser tests (test/web-console-*.test.ts) and the console
# bench. Idempotent: does nothing when both are installed. Never fails the run: without them the browser suite
# skips with a loud message, so a machine without apt still runs every other test.
set -uo pipefail

have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/nonexistent}" ]; }
have_fonts() { dpkg -s fonts-noto-cjk >/dev/null 2>&1; }

if have_chromium && have_fonts; then
  echo "[browser] chromium and fonts-noto-cjk already installed"
  exit 0
fi

loud() {
  local bar
  bar=$(printf '!%.0s' {1..100})
  printf '\n%s\n!!! %s\n%s\n\n' "$bar" "$1" "$bar" >&2
}

if ! command -v apt-get >/dev/null 2>&1; then
  loud "no apt-get: install chromium and fonts-noto-cjk by hand (or set CHROMIUM_PATH); the web console browser tests will be SKIPPED"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    loud "not root and no passwordless sudo: run 'apt-get update && apt-get install -y chromium fonts-noto-cjk' as root; the web console browser tests will be SKIPPED"
    exit 0
  fi
fi

echo "[browser] installing Debian's chromium and fonts-noto-cjk (apt-get)"
if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; then
  echo "[browser] $(chromium --version 2>/dev/null | head -1)"
else
  loud "apt-get install chromium fonts-noto-cjk failed; the web console browser tests will be SKIPPED"
fi
exit 0
