#!/usr/bin/env bash
# SLO rule evaluation cost at N tenants (default 1000) on a real Prometheus (docs/performance.md, "SLO rules").
#
#   bash bench/slo/run.sh [TENANTS] [DAYS]     # DAYS of 5-minute tiles backfilled (default 3; 30 takes ~100 min to import)
#
# Renders the shipped rules (alerts/alerting_rules.yml), backfills DAYS of the SLO tiles and 6 h of 1-minute samples
# with promtool, serves a static exposition of TENANTS tenants (every 10th down, so host h3 is in an outage), runs
# Prometheus on it until the 5-minute budget group has evaluated, then prints each SLO group's evaluation time and
# samples, and the CPU of the heaviest queries. Everything lives in a temp dir; the two processes are stopped by PID.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tenants="${1:-1000}"
days="${2:-3}"
dir="$(mktemp -d /tmp/slobench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

cd "$dir"
python3 "$repo/bench/slo/fleet.py" tiles "$tenants" $(( $(date +%s) - 300 )) "$days" tiles.om
time promtool tsdb create-blocks-from openmetrics -q tiles.om data
rm tiles.om
mkdir www && python3 "$repo/bench/slo/fleet.py" exposition "$tenants" www/metrics
cp "$repo/alerts/alerting_rules.yml" rules.yml
fleet_port="$(free_port)"; prom_port="$(free_port)"
cat > prometheus.yml <<YAML
global: {scrape_interval: 15s, evaluation_interval: 15s}
rule_files: [rules.yml]
scrape_configs: [{job_name: fleet, static_configs: [{targets: ['127.0.0.1:$fleet_port']}]}]
YAML
(cd www && exec python3 -m http.server "$fleet_port" --bind 127.0.0.1 >../http.log 2>&1) & pids+=($!)
prometheus --config.file=prometheus.yml --storage.tsdb.path=data --storage.tsdb.retention.time=60d \
  --web.listen-address="127.0.0.1:$prom_port" >prom.log 2>&1 & prom=$!; pids+=($prom)

metric() { curl -s "127.0.0.1:$prom_port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
budget='prometheus_rule_group_iterations_total{rule_group="rules.yml;supabase-slo-budget"}'
budget_samples='prometheus_rule_group_last_evaluation_samples{rule_group="rules.yml;supabase-slo-budget"}'
# At most 80 × 10 s. The budget group's first evaluation may come before the first scrape and the first 1-minute
# samples (0 samples written, 0 s): wait for one that wrote its series, at most one 5-minute interval later.
for _ in $(seq 1 80); do
  [[ "$(metric "$budget")" =~ ^[1-9] ]] && [[ "$(metric "$budget_samples")" =~ ^[1-9] ]] && break
  sleep 10
done
for g in supabase-slo supabase-slo-budget; do
  echo "$g: last evaluation $(metric "prometheus_rule_group_last_duration_seconds{rule_group=\"rules.yml;$g\"}") s wall," \
       "$(metric "prometheus_rule_group_last_evaluation_samples{rule_group=\"rules.yml;$g\"}") samples written"
done
cpu() { awk '{print ($14+$15)/100}' "/proc/$prom/stat"; }
measure() {
  local c0 c1; c0=$(cpu)
  for _ in 1 2 3 4 5; do curl -s -G "127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" -o /dev/null; done
  c1=$(cpu); python3 -c "print(f'{($c1 - $c0) / 5:.3f} CPU-s per query: $2')"
}
measure "sum_over_time(instance_id:supabase_slo_unavailable_samples:5m[${days}d]) / on (instance_id) sum_over_time(instance_id:supabase_slo_samples:5m[${days}d])" "error ratio over ${days}d from tiles"
measure 'avg_over_time(instance_id:supabase_slo_unavailable:sample[6h])' 'error ratio over 6h from 1-minute samples'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
