#!/usr/bin/env bash
# The browser the console's tests drive: Debian's Chromium (Playwright's own
# browser download cannot be reached here), its Chinese locale (chromium-l10n:
# without it native date inputs show mm/dd/yyyy whatever the language asked for)
# and CJK fonts for the screenshots (fonts-noto-cjk). Installs what is missing
# with apt-get, as root or with passwordless sudo; does nothing when all are
# there. CHROMIUM_PATH names another Chromium (then only the fonts are checked).
set -euo pipefail

log() { printf 'browser: %s\n' "$*"; }
die() { printf 'browser: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "need root to run: $* (install Debian's chromium and fonts-noto-cjk yourself, then retry)"; fi
}

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || { [ -n "${CHROMIUM_PATH:-}" ] && die "CHROMIUM_PATH=$CHROMIUM is not an executable"; missing+=(chromium); }
if ! { command -v fc-list >/dev/null && fc-list :lang=zh family | grep -qi 'noto sans cjk'; }; then missing+=(fonts-noto-cjk); fi
# Debian's Chromium keeps its locales other than en-US in chromium-l10n.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -e /usr/lib/chromium/locales/zh-CN.pak ]; then missing+=(chromium-l10n); fi

if [ ${#missing[@]} -gt 0 ]; then
  logfile=$(mktemp -t jm-browser-apt.XXXXXX)
  log "installing ${missing[*]} with apt-get (log: $logfile)"
  if ! { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "${missing[@]}" fontconfig; } >"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2
    die "apt-get install ${missing[*]} failed (log above; full log: $logfile)"
  fi
  [ -x "$CHROMIUM" ] || die "chromium was installed but $CHROMIUM is not there; set CHROMIUM_PATH"
fi
log "$("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") with $(fc-list :lang=zh family | grep -ci 'noto sans cjk') Noto CJK font families"
