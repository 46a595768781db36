#!/usr/bin/env bash
# Installs the real servers the reporter tests run against, when they are missing:
#   - Etsy StatsD (npm package statsd, pinned) into .test-tools/statsd, with node and npm from Debian if absent;
#   - prometheus and promtool from the Debian package prometheus;
#   - tmux (Debian), the terminal top's test runs in.
# Idempotent and quick when everything is there. With CI=true a component that cannot be installed
# fails this script (and so the run); elsewhere it is a warning and the tests that need it are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
STATSD_VERSION=0.9.0
STATSD_DIR=.test-tools/statsd
APT_UPDATED=no
FAILED=0

say() { echo "test-servers: $*" >&2; }

missing() {
  if [ "${CI:-}" = "true" ]; then
    say "ERROR: $1"
    FAILED=1
  else
    say "warning: $1 (the tests that need it will be skipped)"
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo="sudo -n"
  fi
  if [ "$APT_UPDATED" = no ]; then
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    APT_UPDATED=yes
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

statsd_version() {
  node -e "console.log(require('./$STATSD_DIR/node_modules/statsd/package.json').version)" 2>/dev/null
}

# --- Etsy StatsD ---
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "installing nodejs and npm (Debian)"
  apt_install nodejs npm || true
fi
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [ "$(statsd_version)" != "$STATSD_VERSION" ]; then
    say "installing statsd@$STATSD_VERSION into $STATSD_DIR (npm)"
    mkdir -p "$STATSD_DIR"
    npm install --prefix "$STATSD_DIR" --no-audit --no-fund --loglevel=error "statsd@$STATSD_VERSION" >/dev/null 2>&1
  fi
  if [ "$(statsd_version)" != "$STATSD_VERSION" ]; then
    missing "statsd@$STATSD_VERSION could not be installed into $STATSD_DIR"
  fi
else
  missing "node and npm are not installed (needed for the Etsy StatsD server)"
fi

# --- Prometheus and promtool ---
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  say "installing prometheus and promtool (Debian)"
  apt_install prometheus || true
  # the Debian package may start a service; the tests start their own server on a free port
  if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
fi
command -v prometheus >/dev/null 2>&1 || missing "prometheus is not installed"
command -v promtool >/dev/null 2>&1 || missing "promtool is not installed"

# --- tmux ---
if ! command -v tmux >/dev/null 2>&1; then
  say "installing tmux (Debian)"
  apt_install tmux || true
fi
command -v tmux >/dev/null 2>&1 || missing "tmux is not installed"

exit $FAILED
