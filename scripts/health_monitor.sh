#!/usr/bin/env bash
# The seed's health_monitor.sh: one health round (table, status.json, the health log); exit 1 when something
# critical is down. A wrapper over `supawatch health`; arguments go to it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/supawatch-cli.sh"
supawatch health "$@"
