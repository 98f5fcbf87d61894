#!/usr/bin/env bash
# The seed's setup_monitoring.sh, as a thin wrapper over `supawatch stack` (docs/stack.md).
#   setup_monitoring.sh            render the monitoring folder and start everything
#   setup_monitoring.sh --setup    render and validate only (re-run safe: your files and edits are kept)
#   setup_monitoring.sh --start | --stop | --status
#   setup_monitoring.sh --restart  re-render from the current environment, then restart
# Further arguments go to supawatch, e.g. --dir /opt/monitoring --runtime native.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/supawatch-cli.sh"

action=${1:-}
case "$action" in
  --setup | --start | --stop | --restart | --status) shift ;;
  "" | -*) action=--all ;;
  *) echo "usage: $0 [--setup|--start|--stop|--restart|--status] [supawatch stack options]" >&2; exit 2 ;;
esac

case "$action" in
  --all) supawatch stack setup "$@" ;;
  --setup) supawatch stack setup --no-start "$@" ;;
  --start) supawatch stack start "$@" ;;
  --stop) supawatch stack stop "$@" ;;
  --status) supawatch stack status "$@" ;;
  --restart)
    # setup takes only the options setup knows; --dir and --runtime are shared.
    supawatch stack setup --no-start "$@"
    supawatch stack restart "$@" ;;
esac
