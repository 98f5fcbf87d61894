#!/usr/bin/env bash
# The seed's setup_monitoring.sh, as a thin wrapper over `supawatch stack` (docs/stack.md).
#   setup_monitoring.sh            render the monitoring folder and start everything
#   setup_monitoring.sh --setup    render and validate only (re-run safe: your files and edits are kept)
#   setup_monitoring.sh --start | --stop | --status
#   setup_monitoring.sh --restart  re-render (the folder's record, updated with the options and variables given now), then restart
# Further arguments go to supawatch, e.g. --dir /opt/monitoring --runtime native.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/supawatch-cli.sh"

action=${1:-}
case "$action" in
  --setup | --start | --stop | --restart | --status) shift ;;
  "" | -*) action=--all ;;
  *) echo "usage: $0 [--setup|--start|--stop|--restart|--status] [supawatch stack options]" >&2; exit 2 ;;
esac

setup_args=("$@")
case "$action" in
  --all) supawatch stack setup "$@" ;;
  --setup) supawatch stack setup --no-start "$@" ;;
  --start) supawatch stack start "$@" ;;
  --stop) supawatch stack stop "$@" ;;
  --status) supawatch stack status "$@" ;;
  --restart)
    # setup takes every option (ports, --bind, --runtime…) and records it in the folder; restart takes only
    # --dir and acts on that record, so the setup-only flags are not passed to it.
    dir=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --dir) dir=(--dir "${2:?--dir needs a folder}"); break ;;
        --dir=*) dir=("$1"); break ;;
      esac
      shift
    done
    supawatch stack setup --no-start "${setup_args[@]}"
    supawatch stack restart "${dir[@]}" ;;
esac
