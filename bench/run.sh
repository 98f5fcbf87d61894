#!/usr/bin/env bash
# The discovery and exporter benchmarks; results go to stdout and into docs/performance.md.
#
#   bash bench/run.sh                          # all five, about seven minutes on a loaded 2-core machine
#   bash bench/run.sh metrics-1000             # or discovery-latency, reconcile-1000, stats-100,
#                                              # metrics-scrape-cost, hosts-10000 (docs/scaling.md);
#                                              # other arguments go to the bench
#   bash bench/run.sh discovery-latency --iterations 10
#   bash bench/run.sh load-1000                # issue 8's load scenario (not in the default set): about 5 min,
#                                              # figures into docs/reliability.md; --duration N per wrk run (15)
#   bash bench/run.sh status-pages-1000        # issue 24 (not in the default set): the status pages, JSON and badges at
#                                              # 1,000 synthetic instances, in process, seconds; sizes and render times
#   bash bench/run.sh tenantdb-100             # issue 23 (not in the default set): 100 PostgreSQL servers (pg_ctl) swept by
#                                              # Supawatch, then 100 postgres_exporters scraped; about 3 min
#   bash bench/run.sh memory-floor-1000        # issue 25 (not in the default set): peak memory of `serve` on a healthy, a
#                                              # refusing and a silent fleet, ~5 min; memory-floor-10000: 20 engines
#                                              # (docs/scaling.md), ~8 min; memory-floor-1000-history and
#                                              # memory-floor-10000-history: the same on a store seeded with 90 days of
#                                              # SYNTHETIC history per instance (--history-days 90), own doc sections
#   bash bench/run.sh reconcile-10000 --baseline OLD/supawatch  # issue 25 (not in the default set): warm reconcile and
#                                              # /metrics gzip p99 at 10,000, this build and the previous one in turns,
#                                              # ~8 min (docs/scaling.md)
#   bash bench/run.sh stats-300                # issue 25's stats-cost row (not in the default set): 300 containers on real
#                                              # Docker Engine only (a shim each), API vs cgroup sweeps, 10-20 min
#   bash bench/run.sh history-90d              # issue 25 (not in the default set): the heap 90 days of history hold at
#                                              # 1,000 and 10,000 instances, in process, ~1 min; printed, not written to
#                                              # the docs (performance.md's table puts two builds side by side)
#   bash bench/run.sh metrics-1000 --jit       # the service as `dotnet supawatch.dll` instead of the shipped
#                                              # NativeAOT binary (scripts/publish.sh, built first: ~3 min)
#
# discovery-latency and stats-100 need podman, runc and busybox-static: this script starts a private podman API
# service in a temp dir with its own storage, socket and containers.conf, and removes all of it on exit. stats-100
# also runs on a real Docker Engine (docker.io, iproute2): a private dockerd in the same temp dir, with its own data
# root, socket and bridge, stopped by PID on exit. reconcile-1000 and metrics-scrape-cost need nothing but .NET: their Docker Engine is synthetic.
# metrics-1000 also needs wrk and python3-prometheus-client (/usr/bin/python3); they are installed if missing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/bench/Supawatch.Bench/Supawatch.Bench.csproj"
bench_dll="$repo/bench/Supawatch.Bench/bin/Release/net10.0/Supawatch.Bench.dll"
doc="$repo/docs/performance.md"
reliability_doc="$repo/docs/reliability.md"

scenarios=()
options=()
jit=false
while (($#)); do
  case "$1" in
    --jit) jit=true ;;
    discovery-latency | reconcile-1000 | metrics-1000 | stats-100 | metrics-scrape-cost | load-1000 | hosts-10000 | tenantdb-100 | status-pages-1000 | memory-floor-1000 | memory-floor-10000 | memory-floor-1000-history | memory-floor-10000-history | reconcile-10000 | history-90d | stats-300) scenarios+=("$1") ;;
    -h | --help)
      sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) options+=("$1") ;;
  esac
  shift
done
((${#scenarios[@]})) || scenarios=(discovery-latency reconcile-1000 metrics-1000 stats-100 metrics-scrape-cost)

work="$(mktemp -d /tmp/supawatch-bench.XXXXXX)"
service_pid=""
dockerd_pid=""
bridge=""

say() { printf 'run.sh: %s\n' "$*" >&2; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$service_pid" ]]; then
    # Only this script's podman root: its containers and image, then its API service, by PID.
    "$work/podman" rm -a -f -t 0 >/dev/null 2>&1 || true
    kill "$service_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$service_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    "$work/podman" rmi -a -f >/dev/null 2>&1 || true
  fi
  if [[ -n "$dockerd_pid" ]]; then
    # Only this script's dockerd: its containers, then the daemon by PID (SIGTERM lets it unmount).
    ids=$("$work/docker" ps -aq 2>/dev/null || true)
    [[ -n "$ids" ]] && { timeout 120 "$work/docker" rm -f $ids >/dev/null 2>&1 || true; }
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 300); do
      kill -0 "$dockerd_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
  fi
  if [[ -n "$bridge" ]]; then
    ip link del "$bridge" 2>/dev/null || true
  fi
  # An overlay mount left under the temp dir would make rm fail.
  awk -v dir="$work/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_podman() {
  local missing=()
  for tool in podman runc curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [[ -x /bin/busybox ]] || missing+=("busybox-static")
  if ((${#missing[@]})); then
    say "discovery-latency and stats-100 need: ${missing[*]} (apt-get install podman runc curl busybox-static)"
    exit 1
  fi

  # cgroup v1 here: runc, cgroupfs and explicit ulimits, or containers fail to start.
  cat >"$work/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  # One command line for the API service and the CLI, so both see the same private storage.
  cat >"$work/podman" <<EOF
#!/bin/sh
export CONTAINERS_CONF='$work/containers.conf'
exec podman --root '$work/root' --runroot '$work/runroot' --tmpdir '$work/tmp' "\$@"
EOF
  chmod +x "$work/podman"

  # Images cannot be pulled: import a busybox root (httpd and sleep are links to it).
  mkdir -p "$work/rootfs/bin"
  cp /bin/busybox "$work/rootfs/bin/busybox"
  for applet in sh httpd nc sleep; do
    ln -s busybox "$work/rootfs/bin/$applet"
  done
  tar -C "$work/rootfs" -cf "$work/busybox.tar" .
  "$work/podman" import -q "$work/busybox.tar" localhost/busybox:latest >/dev/null

  "$work/podman" system service --time=0 "unix://$work/podman.sock" >"$work/podman-service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 100); do
    if curl -sf --max-time 1 --unix-socket "$work/podman.sock" http://podman/_ping >/dev/null 2>&1; then
      say "podman API service (pid $service_pid) on $work/podman.sock"
      return 0
    fi
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
  done
  say "the podman API service did not answer /_ping within 10 s:"
  cat "$work/podman-service.log" >&2
  exit 1
}

# A real Docker Engine for stats-100, started as DockerEngineFixture starts it: its own data root, socket and bridge
# (-b, --iptables=false), so it leaves podman, the host's firewall and any other dockerd alone.
start_dockerd() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  [[ -x /usr/bin/docker ]] || missing+=(docker.io)
  command -v ip >/dev/null || missing+=(iproute2)
  if ((${#missing[@]})); then
    say "stats-100 on Docker Engine needs: ${missing[*]} (apt-get install docker.io iproute2)"
    exit 1
  fi
  # A /22 (1,021 addresses): a /24 runs out at 253 containers, and stats-300 starts 300.
  local third
  for _ in $(seq 20); do
    third=$(((RANDOM % 62 + 1) * 4))
    ip -4 route show | grep -qE "172\.31\.($third|$((third + 1))|$((third + 2))|$((third + 3)))\." || break
  done
  bridge="swb$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
  ip link add "$bridge" type bridge
  ip addr add "172.31.$third.1/22" dev "$bridge"
  ip link set "$bridge" up
  mkdir -p "$work/docker-engine"
  printf '#!/bin/sh\nexport DOCKER_HOST=unix://%s/docker-engine/docker.sock\nexec /usr/bin/docker "$@"\n' "$work" >"$work/docker"
  chmod +x "$work/docker"
  dockerd --data-root "$work/docker-engine/root" --exec-root "$work/docker-engine/exec" \
    --pidfile "$work/docker-engine/dockerd.pid" -H "unix://$work/docker-engine/docker.sock" \
    -b "$bridge" --iptables=false --ip-forward=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do
    if curl -sf --max-time 1 --unix-socket "$work/docker-engine/docker.sock" http://docker/_ping >/dev/null 2>&1; then
      say "dockerd (pid $dockerd_pid) on $work/docker-engine/docker.sock, bridge $bridge"
      mkdir -p "$work/dk-rootfs/bin"
      cp /bin/busybox "$work/dk-rootfs/bin/busybox"
      ln -s busybox "$work/dk-rootfs/bin/sleep"
      tar -C "$work/dk-rootfs" -cf "$work/dk-busybox.tar" .
      "$work/docker" import "$work/dk-busybox.tar" localhost/busybox:latest >/dev/null
      return 0
    fi
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.1
  done
  say "dockerd did not answer /_ping within 30 s:"
  tail -20 "$work/dockerd.log" >&2
  exit 1
}

# metrics-1000 loads both exporters with Debian's wrk; its peer is Debian's Python prometheus_client.
ensure_load_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || missing+=(python3-prometheus-client)
  if ((${#missing[@]})); then
    say "installing ${missing[*]} for metrics-1000"
    timeout 300 apt-get install -y -q "${missing[@]}" >&2 || {
      timeout 300 apt-get update -q >&2 && timeout 300 apt-get install -y -q "${missing[@]}" >&2
    }
  fi
}

say "building the bench (Release)"
dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
# The stats scenarios run Supawatch's collector in the bench process: no service binary to publish.
needs_service=false
for scenario in "${scenarios[@]}"; do
  [[ "$scenario" == stats-100 || "$scenario" == stats-300 ]] || needs_service=true
done
if [[ "$jit" == false && "$needs_service" == true ]]; then
  say "publishing the NativeAOT service the scenarios run (scripts/publish.sh; --jit skips it)"
  bash "$repo/scripts/publish.sh" "$work/native" >&2
  options+=(--service "$work/native/supawatch")
fi

for scenario in "${scenarios[@]}"; do
  # Each scenario in its own process, so one's memory never shows in the other's numbers.
  case "$scenario" in
    discovery-latency)
      [[ -n "$service_pid" ]] || start_podman
      timeout -k 10 240 dotnet "$bench_dll" discovery-latency \
        --docker-host "unix://$work/podman.sock" --podman "$work/podman" --doc "$doc" "${options[@]}"
      ;;
    reconcile-1000)
      timeout -k 10 120 dotnet "$bench_dll" reconcile-1000 --doc "$doc" "${options[@]}"
      ;;
    metrics-1000)
      ensure_load_tools
      timeout -k 10 300 dotnet "$bench_dll" metrics-1000 --doc "$doc" "${options[@]}"
      ;;
    stats-100)
      [[ -n "$service_pid" ]] || start_podman
      [[ -n "$dockerd_pid" ]] || start_dockerd
      timeout -k 10 480 dotnet "$bench_dll" stats-100 \
        --dockerd-host "unix://$work/docker-engine/docker.sock" --docker "$work/docker" --dockerd-marker "$work/docker-engine/" \
        --docker-host "unix://$work/podman.sock" --podman "$work/podman" --podman-marker "$work/root" --doc "$doc" "${options[@]}"
      ;;
    stats-300)
      # Docker Engine only. 300 shims need a few GB: say what the machine has before starting them.
      say "memory before stats-300: $(awk '/MemAvailable/ { printf "%d MB available", $2 / 1024 }' /proc/meminfo)"
      [[ -n "$dockerd_pid" ]] || start_dockerd
      timeout -k 10 1200 dotnet "$bench_dll" stats-300 \
        --dockerd-host "unix://$work/docker-engine/docker.sock" --docker "$work/docker" --dockerd-marker "$work/docker-engine/" \
        --doc "$doc" "${options[@]}"
      ;;
    metrics-scrape-cost)
      timeout -k 10 120 dotnet "$bench_dll" metrics-scrape-cost --doc "$doc" "${options[@]}"
      ;;
    status-pages-1000)
      timeout -k 10 120 dotnet "$bench_dll" status-pages-1000 --doc "$doc" "${options[@]}"
      ;;
    load-1000)
      command -v wrk >/dev/null || { timeout 300 apt-get install -y -q wrk >&2 || { timeout 300 apt-get update -q >&2 && timeout 300 apt-get install -y -q wrk >&2; }; }
      # Two identical passes of eight wrk runs, 15 s each unless --duration says otherwise, plus start-up;
      # the bench bounds itself too.
      timeout -k 10 1500 dotnet "$bench_dll" load-1000 --doc "$reliability_doc" --duration 15 "${options[@]}"
      ;;
    tenantdb-100)
      # Not in the default list: 100 PostgreSQL servers as host processes and 100 postgres_exporters, all stopped by the bench.
      command -v prometheus-postgres-exporter >/dev/null || bash "$repo/scripts/install-test-deps.sh" >&2
      timeout -k 10 560 dotnet "$bench_dll" tenantdb-100 --doc "$doc" "${options[@]}"
      ;;
    history-90d)
      timeout -k 10 300 dotnet "$bench_dll" history-90d "${options[@]}"
      ;;
    memory-floor-1000)
      ulimit -n 20000 2>/dev/null || true
      timeout -k 10 600 dotnet "$bench_dll" memory-floor-1000 --doc "$doc" "${options[@]}"
      ;;
    memory-floor-10000)
      # 12,000 listening sockets for the fleet's health endpoints, plus the probes' connections.
      ulimit -n 20000 2>/dev/null || true
      timeout -k 10 900 dotnet "$bench_dll" memory-floor-10000 --doc "$(dirname "$doc")/scaling.md" "${options[@]}"
      ;;
    memory-floor-1000-history)
      ulimit -n 20000 2>/dev/null || true
      timeout -k 10 600 dotnet "$bench_dll" memory-floor-1000 --history-days 90 --doc "$doc" "${options[@]}"
      ;;
    memory-floor-10000-history)
      # Seeding 10,000 instances × 90 days takes about a minute more than memory-floor-10000.
      ulimit -n 20000 2>/dev/null || true
      timeout -k 10 1200 dotnet "$bench_dll" memory-floor-10000 --history-days 90 --doc "$(dirname "$doc")/scaling.md" "${options[@]}"
      ;;
    reconcile-10000)
      ulimit -n 20000 2>/dev/null || true
      timeout -k 10 900 dotnet "$bench_dll" reconcile-10000 --doc "$(dirname "$doc")/scaling.md" "${options[@]}"
      ;;
    hosts-10000)
      # Not in the default list: it writes docs/scaling.md and starts 20 synthetic engines.
      timeout -k 10 560 dotnet "$bench_dll" hosts-10000 --doc "$(dirname "$doc")/scaling.md" "${options[@]}"
      ;;
  esac
done
