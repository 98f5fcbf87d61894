#!/usr/bin/env bash
# Stops what a test run left behind under its run directory (scripts/test.sh passes it) and deletes it.
# Normally the fixtures have already done this; it matters when a test host crashed or was killed.
# Only processes whose command line names the run directory are touched, by PID.
set -uo pipefail
run_dir=${1:?usage: cleanup-test-run.sh RUN_DIR}
case "$run_dir" in /tmp/supawatch.??????) ;; *) echo "cleanup-test-run: refusing $run_dir" >&2; exit 1 ;; esac
[ -d "$run_dir" ] || exit 0

# Containers first, through each podman fixture's own configuration (conmon outlives everything else).
for conf in "$run_dir"/*/containers.conf; do
  [ -f "$conf" ] || continue
  root=$(dirname "$conf")
  CONTAINERS_CONF=$conf CONTAINERS_STORAGE_CONF=$root/storage.conf timeout 60 podman rm -a -f -t 0 >/dev/null 2>&1 || true
done

# A Docker Engine a fixture started (DockerEngineFixture: dockerd.pid and docker.sock in its folder): remove its
# containers through it while it still answers; the engine itself, its containerd and shims name the run dir
# and are stopped below.
for sock in "$run_dir"/*/docker.sock; do
  [ -S "$sock" ] || continue
  docker=/usr/bin/docker; [ -x "$docker" ] || docker=docker
  ids=$(DOCKER_HOST=unix://$sock timeout 30 "$docker" ps -aq 2>/dev/null)
  [ -n "$ids" ] && DOCKER_HOST=unix://$sock timeout 60 "$docker" rm -f $ids >/dev/null 2>&1
done

pids_naming_run_dir() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] && continue
    { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$run_dir/" && echo "$pid"
  done
}

# A container's own processes do not name the run dir: when a dockerd died and could not be started again, its
# shims' children (the containers' processes) are found through their parents.
with_children() {
  local pid
  for pid in "$@"; do
    echo "$pid"
    pgrep -P "$pid" 2>/dev/null
  done
}

leftovers=$(with_children $(pids_naming_run_dir))
if [ -n "$leftovers" ]; then
  echo "cleanup-test-run: stopping leftover PIDs" $leftovers
  first=$leftovers
  kill -TERM $leftovers 2>/dev/null
  for _ in $(seq 1 50); do
    leftovers=$(pids_naming_run_dir)
    [ -z "$leftovers" ] && break
    sleep 0.2
  done
  [ -n "$leftovers" ] && kill -KILL $leftovers 2>/dev/null
  # Container processes ignore SIGTERM (busybox httpd) and no longer name the run dir once their shim is gone.
  for pid in $first; do
    [ -d "/proc/$pid" ] && kill -KILL "$pid" 2>/dev/null
  done
fi

# DockerEngineFixture's own bridge (its name in the fixture's folder, file "bridge"), once its dockerd is gone.
for file in "$run_dir"/*/bridge; do
  [ -f "$file" ] || continue
  name=$(cat "$file")
  case "$name" in swd*) ip link del "$name" 2>/dev/null ;; esac
done

# podman's overlay storage stays mounted after its last container is gone.
awk -v dir="$run_dir/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r mount_point; do
  umount "$mount_point" 2>/dev/null || umount -l "$mount_point"
done
rm -rf "$run_dir"
