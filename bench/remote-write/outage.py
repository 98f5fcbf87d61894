#!/usr/bin/env python3
"""How long a remote_write receiver can be away before Prometheus loses samples, in compressed time.

  outage.py [--block 1m] [--outage 390] [--lead 20]

A real Prometheus 2.42 scrapes itself every second (about 700 series) and remote-writes to a real single-node
VictoriaMetrics, both on 127.0.0.1, with the remote_write defaults `stack setup` renders (no queue_config). Prometheus
runs with the hidden flags --storage.tsdb.min-block-duration and --storage.tsdb.max-block-duration set to --block, so
its head is compacted into a block, and its WAL truncated and checkpointed, every --block instead of every 2 h.
VictoriaMetrics is stopped (by PID) --lead seconds after the start, for --outage seconds, then started again on the same
port and data. Every 5 s the script records Prometheus's compactions, WAL truncations and checkpoints and the remote
queue. When the backlog is sent, every raw sample of `up{job="self"}` and `prometheus_tsdb_head_series` that the local
Prometheus holds is looked up on the receiver: the result says which samples of the outage arrived and which were
lost, against the times of the WAL truncations.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

SERIES = ['up{job="self"}', 'prometheus_tsdb_head_series{job="self"}']
WATCH = {
    "compactions": "prometheus_tsdb_compactions_total",
    "head_truncations": "prometheus_tsdb_head_truncations_total",
    "wal_truncations": "prometheus_tsdb_wal_truncations_total",
    "checkpoints": "prometheus_tsdb_checkpoint_creations_total",
    "wal_segment": "prometheus_tsdb_wal_segment_current",
    "pending": "prometheus_remote_storage_samples_pending",
    "sent_ts": "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
    "head_min_time_ms": "prometheus_tsdb_head_min_time",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def wait_ready(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            get(url, 2)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"outage.py: {url} not ready in {seconds} s")


def scalar(prom, expr):
    body = json.loads(get(f"{prom}/api/v1/query?query={urllib.parse.quote(expr)}"))
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def start_vm(binary, port, data, log):
    proc = subprocess.Popen([binary, f"-httpListenAddr=127.0.0.1:{port}", f"-storageDataPath={data}", "-retentionPeriod=1d"],
                            stdout=log, stderr=subprocess.STDOUT)
    wait_ready(f"http://127.0.0.1:{port}/health")
    return proc


def stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def local_samples(prom, selector, start, end):
    seconds = int(end - start) + 1
    body = json.loads(get(f"{prom}/api/v1/query?query={urllib.parse.quote(f'{selector}[{seconds}s]')}&time={end:.3f}"))
    return {round(float(t) * 1000) for s in body["data"]["result"] for t, _ in s["values"]}


def receiver_samples(vm, selector, start, end):
    text = get(f"{vm}/api/v1/export?match[]={urllib.parse.quote(selector)}&start={start:.3f}&end={end:.3f}", 60)
    return {t for line in text.splitlines() if line for t in json.loads(line)["timestamps"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--block", default="1m", help="min and max block duration (Prometheus's default is 2h)")
    parser.add_argument("--outage", type=int, default=390, help="seconds the receiver is away")
    parser.add_argument("--lead", type=int, default=20, help="seconds of normal writing before the outage")
    args = parser.parse_args()

    prometheus_bin, vm_bin = shutil.which("prometheus"), shutil.which("victoria-metrics")
    if not prometheus_bin or not vm_bin:
        sys.exit("outage.py: needs prometheus and victoria-metrics (apt-get install prometheus victoria-metrics)")
    root = tempfile.mkdtemp(prefix="supawatch-rw-outage.")
    prom_port, vm_port = free_port(), free_port()
    prom, vm = f"http://127.0.0.1:{prom_port}", f"http://127.0.0.1:{vm_port}"
    with open(os.path.join(root, "prometheus.yml"), "w") as f:
        f.write(f"""global: {{scrape_interval: 1s, evaluation_interval: 1s}}
scrape_configs:
  - job_name: self
    static_configs: [{{targets: ["127.0.0.1:{prom_port}"]}}]
remote_write:
  - url: {vm}/api/v1/write
""")
    vm_log = open(os.path.join(root, "vm.log"), "ab")
    prom_log = open(os.path.join(root, "prometheus.log"), "ab")
    vm_proc = prom_proc = None
    try:
        vm_proc = start_vm(vm_bin, vm_port, os.path.join(root, "vm"), vm_log)
        prom_proc = subprocess.Popen(
            [prometheus_bin, f"--config.file={root}/prometheus.yml", f"--storage.tsdb.path={root}/tsdb",
             f"--web.listen-address=127.0.0.1:{prom_port}",
             f"--storage.tsdb.min-block-duration={args.block}", f"--storage.tsdb.max-block-duration={args.block}"],
            stdout=prom_log, stderr=subprocess.STDOUT)
        wait_ready(f"{prom}/-/ready")
        started = time.time()
        print(f"block {args.block}, outage {args.outage} s after {args.lead} s; files in {root}", flush=True)
        time.sleep(args.lead)

        stop(vm_proc)
        down = time.time()
        print(f"receiver stopped at +{down - started:.0f} s", flush=True)
        events = []
        last = {}
        while time.time() < down + args.outage:
            values = {k: scalar(prom, f'{v}{{job="self"}}') for k, v in WATCH.items()}
            changed = [k for k in ("compactions", "wal_truncations", "checkpoints") if last and values[k] != last.get(k)]
            if changed or not last:
                head_min = values["head_min_time_ms"] / 1000 if values["head_min_time_ms"] else 0
                line = (f"+{time.time() - down:5.0f} s into the outage: compactions {values['compactions']:.0f}, "
                        f"WAL truncations {values['wal_truncations']:.0f}, checkpoints {values['checkpoints']:.0f}, "
                        f"segment {values['wal_segment']:.0f}, head starts {head_min - down:+.0f} s from the outage's start, "
                        f"pending {values['pending']:.0f}, last sent {values['sent_ts'] - down:+.0f} s")
                print(line, flush=True)
                events.append(line)
            last = values
            time.sleep(5)

        vm_proc = start_vm(vm_bin, vm_port, os.path.join(root, "vm"), vm_log)
        up = time.time()
        print(f"receiver back at +{up - started:.0f} s", flush=True)
        deadline = up + 180
        while time.time() < deadline:
            sent = scalar(prom, f'{WATCH["sent_ts"]}{{job="self"}}') or 0
            if sent >= up:
                break
            time.sleep(2)
        print(f"backlog sent {time.time() - up:.0f} s after the return", flush=True)
        time.sleep(3)
        requests = urllib.request.Request(f"{vm}/internal/force_flush")
        urllib.request.urlopen(requests, timeout=30).read()

        end = up
        for selector in SERIES:
            have = local_samples(prom, selector, started, end)
            got = receiver_samples(vm, selector, started, end)
            lost = sorted(t for t in have if t not in got)
            in_outage = [t for t in have if down * 1000 <= t <= up * 1000]
            print(f"{selector}: {len(have)} samples locally from start to return, {len(in_outage)} of them in the outage; "
                  f"{len(lost)} missing on the receiver", flush=True)
            if lost:
                print(f"  missing from {lost[0] / 1000 - down:+.0f} s to {lost[-1] / 1000 - down:+.0f} s of the outage's start "
                      f"({lost[0] / 1000 - started:.0f}..{lost[-1] / 1000 - started:.0f} s after Prometheus started)", flush=True)
                kept = [t for t in in_outage if t not in set(lost)]
                if kept:
                    print(f"  kept from {min(kept) / 1000 - down:+.0f} s to {max(kept) / 1000 - down:+.0f} s of the outage's start", flush=True)
    finally:
        stop(prom_proc)
        stop(vm_proc)
        vm_log.close()
        prom_log.close()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
