#!/usr/bin/env bash
# The Debian packages the tests run against (real peers, real tools). Run by
# `npm test` before the suite: installs what is missing when run as root,
# otherwise names what is missing and fails.
set -euo pipefail

# command -> package
declare -A NEED=(
  [unshare]=util-linux [script]=util-linux [ps]=procps
  [busybox]=busybox-static
  [supervisorctl]=supervisor [supervisord]=supervisor
  [svstat]=daemontools [supervise]=daemontools
  [runsv]=runit [s6-supervise]=s6
  [tini]=tini [dumb-init]=dumb-init
  [chromium]=chromium
)
missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/bin/$cmd" ] || [ -x "/bin/$cmd" ] || missing+=("${NEED[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" != 0 ]; then
  echo "test-deps: missing Debian packages: $pkgs(install them as root: apt-get install -y $pkgs)" >&2
  exit 1
fi
echo "test-deps: installing $pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
