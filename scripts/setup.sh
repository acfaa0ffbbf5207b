#!/usr/bin/env bash
# Installs the Debian 12 packages canbo needs to build, test and benchmark,
# when they are missing. Needs root (or sudo) only when something is missing.
set -euo pipefail
PKGS=(build-essential make pkg-config git ca-certificates
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
      check libsubunit-dev libcurl4-openssl-dev sqlite3 procps
      libxlsxwriter-dev libzip-dev libexpat1-dev libcairo2-dev libpango1.0-dev
      fonts-dejavu-core)
if [ "${1:-}" = "--bench" ]; then PKGS+=(wrk nginx-light valgrind); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
