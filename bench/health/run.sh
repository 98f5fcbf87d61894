#!/usr/bin/env bash
# One health round over 1,000 loopback HTTP endpoints (10% never answer), timed against
# prometheus-blackbox-exporter probing the same endpoints at the same concurrency.
# Usage: bash bench/health/run.sh [--endpoints 1000] [--hang-percent 10] [--timeout-ms 2000] [--concurrency 128] [--runs 3]
# Exits 0 when Supawatch's median round is under 1.5x the per-check timeout with every answer right.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
if [ ! -x /usr/bin/prometheus-blackbox-exporter ]; then
  echo "bench/health: prometheus-blackbox-exporter is missing; run scripts/install-test-deps.sh" >&2
  exit 2
fi
# Each endpoint is a listening socket plus its connections on both ends.
ulimit -n 16384 2>/dev/null || true
dotnet build -c Release bench/health/Supawatch.Bench.Health.csproj >/dev/null
exec dotnet bench/health/bin/Release/net10.0/Supawatch.Bench.Health.dll "$@"
