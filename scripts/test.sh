#!/usr/bin/env bash
# Runs every test: unit tests, then real JVMs with the agent on JDK 17 (and again on JDK 25 where
# /usr/lib/jvm/temurin-25-jdk-amd64 exists), against real StatsD and Prometheus servers.
# Installs the test servers first when they are missing. With CI=true a missing one is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/test-servers.sh ] || [ -f scripts/test-servers.sh ]; then
  bash scripts/test-servers.sh
fi
exec mvn -B verify "$@"
