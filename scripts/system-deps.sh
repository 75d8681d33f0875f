#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
# a Java runtime (HermiT, the OWL reasoner), Virtuoso (the remote-store tests) and
# Chromium with its driver (the explorer's browser tests). Needs root and apt-get;
# elsewhere it says what is missing and the tests that need it skip with that reason.
set -u
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]} (install them as root with apt-get); the tests that need them will skip" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
  || echo "system-deps: could not install ${need[*]}; the tests that need them will skip" >&2
exit 0
