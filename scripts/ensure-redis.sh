#!/usr/bin/env bash
# Installs Debian's redis-server and redis-tools (redis-cli, redis-benchmark) when redis-server is missing: the tests
# of bundles/redis-client and bundles/mini-redis start their own redis-server on a free loopback port and drive the
# real redis-cli and redis-benchmark. Idempotent and quiet; needs root (or sudo without a password) when it installs.
# The service the package registers is not started here: the tests run their own server.
set -euo pipefail

if command -v redis-server >/dev/null && command -v redis-cli >/dev/null && command -v redis-benchmark >/dev/null; then
    exit 0
fi

sudo=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        echo "ensure-redis.sh: redis-server is not installed and this user cannot install packages;" \
             "run as root: apt-get install -y redis-server redis-tools" >&2
        exit 1
    fi
fi
command -v apt-get >/dev/null || {
    echo "ensure-redis.sh: redis-server is not installed and apt-get is not available: install redis-server," \
         "redis-cli and redis-benchmark (Redis 6 or later) with this system's package manager" >&2
    exit 1
}

echo "ensure-redis.sh: installing redis-server and redis-tools (needed by the Redis example tests)" >&2
log=$(mktemp)
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        -o Dpkg::Options::=--force-confdef redis-server redis-tools; } >"$log" 2>&1 </dev/null; then
    cat "$log" >&2
    rm -f "$log"
    echo "ensure-redis.sh: could not install redis-server redis-tools (see the apt output above)" >&2
    exit 1
fi
rm -f "$log"
command -v redis-server >/dev/null || { echo "ensure-redis.sh: redis-server still not on the PATH after install" >&2; exit 1; }
