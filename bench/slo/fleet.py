#!/usr/bin/env python3
"""SLO rule-cost bench data: a live exposition of N tenants and 30 days of 5-minute SLO tiles to backfill.

  fleet.py exposition N FILE          the series the SLO rules read, for N tenants (every 10th one down)
  fleet.py tiles N END_UNIX DAYS FILE OpenMetrics, ending at END_UNIX: DAYS of the two 5-minute tile series per tenant, and
                                      6 hours of the 1-minute unavailable samples (every 97th bad)
"""
import sys


def exposition(n, path):
    with open(path, "w") as f:
        for i in range(n):
            t, host, down = f"t{i:04d}", f"h{i % 10}", i % 10 == 3
            f.write(f'supabase_instance_info{{instance_id="{t}",org_id="o{i % 50}",org_name="Org {i % 50}",project_name="P{i}",expected_state="active",host="{host}"}} 1\n')
            f.write(f'supabase_instance_expected_up{{instance_id="{t}",host="{host}"}} 1\n')
            f.write(f'supabase_instance_host_up{{instance_id="{t}",host="{host}"}} 1\n')
            f.write(f'supabase_instance_status{{instance_id="{t}",project_name="P{i}",host="{host}"}} {0 if down else 1}\n')
            f.write(f'supabase_slo_objective{{instance_id="{t}",org_id="o{i % 50}",slo_class="",objective="99.9",objective_source="default"}} 0.999\n')
            for c in ("kong", "studio", "db"):
                f.write(f'supabase_docker_container_status{{container_name="{t}_{c}",instance_id="{t}",component="{c}",state="running",host="{host}"}} 1\n')
            for c, check in (("kong", "http"), ("studio", "http"), ("db", "postgres"), ("kong", "container")):
                f.write(f'supabase_health_check_up{{instance_id="{t}",component="{c}",check="{check}",host="{host}"}} {0 if down and c == "kong" else 1}\n')


def tiles(n, end, days, path):
    step, count = 300, days * 24 * 12
    start = end - count * step
    with open(path, "w") as f:
        for name, value in (("instance_id:supabase_slo_unavailable_samples:5m", None), ("instance_id:supabase_slo_samples:5m", 5)):
            f.write(f"# TYPE {name} gauge\n")
            for i in range(n):
                lines = []
                for k in range(count):
                    ts = start + k * step
                    v = value if value is not None else (1 if (k + i) % 97 == 0 else 0)
                    lines.append(f'{name}{{instance_id="t{i:04d}"}} {v} {ts}\n')
                f.writelines(lines)
        name = "instance_id:supabase_slo_unavailable:sample"
        f.write(f"# TYPE {name} gauge\n")
        for i in range(n):
            f.writelines(f'{name}{{instance_id="t{i:04d}"}} {1 if (k + i) % 97 == 0 else 0} {end - (360 - k) * 60}\n' for k in range(360))
        f.write("# EOF\n")


if __name__ == "__main__":
    if sys.argv[1] == "exposition":
        exposition(int(sys.argv[2]), sys.argv[3])
    else:
        tiles(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
