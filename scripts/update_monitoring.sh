#!/usr/bin/env bash
# The seed's update_monitoring.sh: one discovery pass (prints the inventory, writes instances.json, reloads
# Prometheus when PROMETHEUS_URL is set). A wrapper over `supawatch discover`; arguments go to it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/supawatch-cli.sh"
supawatch discover "$@"
