#!/usr/bin/env bash
# The offline graph page test renders in headless Chromium (Debian's `chromium` package).
# Installs it when missing, so the README's test command needs no other set-up.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
echo "Installing Debian's chromium for the graph page test…"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
$SUDO apt-get install -y -q chromium >/dev/null 2>&1 ||
  { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null; }
command -v chromium >/dev/null
