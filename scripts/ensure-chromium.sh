#!/usr/bin/env bash
# Finds the headless Chromium the browser tests render pages in and prints its path:
# CHROMIUM_PATH if set, else the first Chromium or Chrome on PATH. As root on Debian/Ubuntu it
# installs the distribution's package when there is none; anyone else gets one line saying what
# to install, and the exit code 1 (no sudo, which many machines and containers do not have).
set -uo pipefail

say() { echo "ensure-chromium: $*" >&2; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ] || command -v "$CHROMIUM_PATH" >/dev/null 2>&1; then
    command -v "$CHROMIUM_PATH"
    exit 0
  fi
  say "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; point it at a Chromium or Chrome binary."
  exit 1
fi

find_browser() {
  local name
  for name in chromium chromium-browser google-chrome-stable google-chrome chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if find_browser; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "no Chromium found; installing Debian's chromium package (running as root)…"
  if { apt-get install -y -q chromium >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }; } &&
    find_browser; then
    exit 0
  fi
  say "apt-get could not install chromium; install a Chromium or Chrome, or set CHROMIUM_PATH to one."
  exit 1
fi

say "no Chromium found: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run again."
exit 1
