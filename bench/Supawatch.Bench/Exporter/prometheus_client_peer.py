"""The peer exporter of the metrics-1000 benchmark: Python's prometheus_client serving Supawatch's own series.

Usage: /usr/bin/python3 prometheus_client_peer.py DUMP PORT

DUMP is a /metrics exposition saved from Supawatch. Every supabase_* family in it is registered as a Gauge or
Counter with the same name, help and label names in a fresh CollectorRegistry, every sample is set to the
same value, and the registry is served with prometheus_client's own start_http_server on 127.0.0.1:PORT --
the way a Python exporter keeps its series and lets the library render them on each scrape.
Run with PROMETHEUS_DISABLE_CREATED_SERIES=True so counters carry no *_created samples Supawatch does not have.
The process exits when its stdin closes, so it cannot outlive the benchmark that started it.
"""

import sys

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server
from prometheus_client.parser import text_string_to_metric_families


def load(path, registry):
    with open(path, encoding="utf-8") as dump:
        text = dump.read()

    families = 0
    samples = 0
    for family in text_string_to_metric_families(text):
        if not family.name.startswith("supabase_") or family.type not in ("gauge", "counter"):
            continue
        rows = [s for s in family.samples if s.name.startswith("supabase_")]
        if not rows:
            continue
        label_names = list(rows[0].labels.keys())
        kind = Counter if family.type == "counter" else Gauge
        metric = kind(family.name, family.documentation, label_names, registry=registry)
        for row in rows:
            child = metric.labels(**row.labels) if label_names else metric
            if family.type == "counter":
                child.inc(row.value)
            else:
                child.set(row.value)
        families += 1
        samples += len(rows)
    return families, samples


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    registry = CollectorRegistry(auto_describe=True)
    families, samples = load(sys.argv[1], registry)
    start_http_server(int(sys.argv[2]), addr="127.0.0.1", registry=registry)
    print(f"ready {families} families {samples} samples", flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
