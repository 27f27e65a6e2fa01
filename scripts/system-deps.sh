#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real programs, when missing and when we may.
set -u
need=()
command -v smbd >/dev/null 2>&1 || need+=(samba)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: ${need[*]} missing and not root/apt: the tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "note: could not install ${need[*]}: the tests that need them will skip" >&2
exit 0
