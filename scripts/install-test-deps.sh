#!/usr/bin/env bash
# Installs the Debian packages the integration tests run for real. Idempotent: does nothing
# (not even apt-get update) when everything is present. Run as root on Debian 12.
set -euo pipefail

packages=(
  podman runc iptables busybox-static
  postgresql
  prometheus-postgres-exporter  # 0.11.1: the side-by-side comparison of the tenant database series (TenantDb tests, bench)
  prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter
  chromium python3-aiosmtpd python3-prometheus-client wrk
  socat
  victoria-metrics  # 1.79 single node: the remote_write receiver of the scaling tests (RemoteWriteTests)
  docker.io docker-compose  # a real Docker Engine (dockerd on its own socket) and compose 1.29 for the tests
  iproute2  # `ip link add`: each test dockerd gets a bridge of its own (DockerEngineFixture)
  clang zlib1g-dev binutils  # the NativeAOT build (scripts/publish.sh) that NativeBinaryTests run
  systemd  # systemd-analyze verify of the units stack setup --runtime systemd renders (SystemdRuntimeTests)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi

# postgresql and the prometheus packages start system daemons from their postinst (a cluster on
# :5432, prometheus on :9090). Tests start their own servers, so forbid service starts while
# installing, unless the machine already has a policy (as container images do).
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  own_policy=true
fi
remove_own_policy() { if [ "$own_policy" = true ]; then rm -f "$policy"; fi; }
trap remove_own_policy EXIT

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}"
