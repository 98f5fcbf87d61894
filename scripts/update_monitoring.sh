#!/usr/bin/env bash
# The seed's update_monitoring.sh: one discovery pass (prints the inventory, writes instances.json, reloads
# Prometheus when PROMETHEUS_URL is set). A wrapper over `supawatch discover`; arguments go to it.
#
# With a stack folder (one `stack setup` made: --dir DIR, else SUPAWATCH_STACK_DIR, else ./monitoring, holding
# stack.json) the targets go where that stack's Prometheus reads them, DIR/data/instances.json, unless
# --data-dir or SUPAWATCH_DATA_DIR names another data folder. Without one, they go to ./data as `discover` writes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/supawatch-cli.sh"

dir=${SUPAWATCH_STACK_DIR:-./monitoring}
data_given=${SUPAWATCH_DATA_DIR:+yes}
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir)
      [ $# -ge 2 ] || { echo "update_monitoring.sh: --dir needs the stack folder, e.g. --dir ./monitoring" >&2; exit 2; }
      dir=$2; shift 2 ;;
    --dir=*) dir=${1#--dir=}; shift ;;
    --data-dir | --data-dir=*) data_given=yes; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ -z "$data_given" ] && [ -f "$dir/stack.json" ]; then
  echo "update_monitoring.sh: stack folder $dir: targets go to $dir/data/instances.json" >&2
  args+=(--data-dir "$dir/data")
fi
supawatch discover ${args[@]+"${args[@]}"}
