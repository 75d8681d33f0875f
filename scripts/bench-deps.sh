#!/usr/bin/env bash
# Installs what `make bench` uses when it is there: wrk, a C HTTP load generator that leaves
# the CPU to the servers under test. Needs root and apt-get; elsewhere (or when the install
# fails) it says so and the benchmark falls back to its Python load generator. Never fails.
set -u
command -v wrk >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "bench-deps: wrk is missing (apt-get install wrk as root); the endpoint benchmark uses its Python client" >&2
  exit 0
fi
echo "bench-deps: installing wrk" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1; } \
  || echo "bench-deps: could not install wrk; the endpoint benchmark uses its Python client" >&2
exit 0
