#!/usr/bin/env bash
# Prometheus and promtool for the alert-rule tests and the Prometheus test
# (test/ops/), from Debian's `prometheus` package, installed with apt-get (as
# root, or with passwordless sudo) when either is missing. Prints nothing else
# on stdout but the two paths, one a line: promtool, then prometheus.
# The package's systemd service is not used: the tests start the binary
# themselves on loopback, with a config and a data folder of their own.
#
#   scripts/infra/prometheus.sh        make sure both are there; print their paths
set -euo pipefail

JM_INFRA_HOME=${JM_INFRA_HOME:-$HOME/.cache/jm-infra}

log() { printf 'prometheus: %s\n' "$*" >&2; }
die() { printf 'prometheus: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@";
  else die "need root to run: $* (run it yourself, then retry)"; fi
}

if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  mkdir -p "$JM_INFRA_HOME"
  logfile="$JM_INFRA_HOME/apt-prometheus.log"
  log "apt-get install prometheus (log: $logfile)"
  if ! { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends prometheus; } >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2 || true
    die 'apt-get install prometheus failed'
  fi
fi

command -v promtool
command -v prometheus
