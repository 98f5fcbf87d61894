#!/usr/bin/env bash
# Warm reconcile at 10,000 instances, two JIT builds in turns (issue 25; figures in docs/scaling.md, reconcile-10000):
#   bash bench/warm-reconcile-ab.sh BEFORE_DIR AFTER_DIR   # each a copy of src/Supawatch/bin/Release/net10.0; build the bench first
# 20 synthetic engines (500 instances each) start once; then `supawatch serve` from each directory in turns (A B A B),
# DISCOVERY_INTERVAL=5, each watched OBSERVE (40) seconds after its cold reconcile was counted; prints the warm reconcile
# mean from supawatch_discovery_reconcile_duration_seconds and the load average. Everything started here is stopped by PID.
set -u
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/Supawatch.Bench/bin/Release/net10.0/Supawatch.Bench.dll"
observe=${OBSERVE:-40}
dir=$(mktemp -d /tmp/supawatch-reconcile-ab.XXXXXX)
pids=()
serve=""
cleanup() { [[ -n "$serve" ]] && kill -9 "$serve" 2>/dev/null; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
mkfifo "$dir/in"; exec 3<>"$dir/in"
hosts=""
for h in $(seq 0 19); do
  dotnet "$bench" synthetic-engine --socket "$dir/h$h.sock" --instances 500 --first $((h*500)) <&3 2>"$dir/e$h.log" &
  pids+=($!)
  hosts="$hosts${hosts:+;}host-$(printf %02d $h)=unix://$dir/h$h.sock"
done
for i in $(seq 1200); do n=$(ls $dir/*.sock 2>/dev/null | wc -l); [[ $n -ge 20 ]] && break; sleep 0.5; done
sleep 10
metric() { curl -s --max-time 30 127.0.0.1:19391/metrics | awk -v n="supawatch_discovery_reconcile_duration_seconds_$1" '$1==n {print $2}'; }
for turn in 1 2; do
  for build in "$@"; do
    env DOCKER_HOSTS="$hosts" SUPAWATCH_DB_FROM_CONTAINER=false DISCOVERY_INTERVAL=5 dotnet "$build/supawatch.dll" serve --data-dir "$dir/data-$turn-$(basename $build)" --metrics-listen 127.0.0.1:19391 --status-listen 127.0.0.1:19392 > "$dir/serve.out" 2>&1 &
    serve=$!
    c=""; for i in $(seq 600); do c=$(metric count); [[ -n "$c" && "$c" != 0 ]] && break; sleep 0.5; done
    c0=$(metric count); s0=$(metric sum); sleep "$observe"; c1=$(metric count); s1=$(metric sum)
    echo "$(basename $build) turn $turn: warm reconciles $(echo "$c1 - $c0" | bc), mean $(echo "scale=1; ($s1 - $s0) * 1000 / ($c1 - $c0)" | bc) ms, load $(cut -d' ' -f1 /proc/loadavg)"
    kill "$serve"; for i in $(seq 30); do kill -0 "$serve" 2>/dev/null || break; sleep 0.5; done; kill -9 "$serve" 2>/dev/null; wait "$serve" 2>/dev/null; serve=""
  done
done
