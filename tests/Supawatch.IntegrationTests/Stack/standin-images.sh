#!/usr/bin/env bash
# Makes STAND-IN base and component images on the Docker engine $DOCKER_HOST names, from this machine's own files,
# because no registry can be reached here. They are not the official images: each carries what the Dockerfile and the
# compose file need from the official one, at the same paths, under the official name.
#   mcr.microsoft.com/dotnet/sdk:10.0           this machine's .NET SDK, NuGet cache, clang/llvm/binutils/zlib, apt + dpkg
#                                               (so the Dockerfile's apt-get install is a no-op; update goes through --network host)
#   mcr.microsoft.com/dotnet/runtime-deps:10.0  glibc, libstdc++, OpenSSL, zlib, bash, grep (the HEALTHCHECK), CA certificates; user app uid 1654, ENV APP_UID=1654
#   prom/prometheus, prom/alertmanager, prom/node-exporter (the compose file's tags): Debian's binaries at /bin/prometheus,
#                                               /bin/alertmanager, /bin/node_exporter (the official entrypoints) and busybox (wget, sh)
# Usage: standin-images.sh WORKDIR PROMETHEUS_IMAGE ALERTMANAGER_IMAGE NODE_EXPORTER_IMAGE
set -euo pipefail
work=$1; prometheus_image=$2; alertmanager_image=$3; node_exporter_image=$4
docker=/usr/bin/docker
mkdir -p "$work"

# The SDK: streamed straight from / into docker import (no tar file on disk).
sdk_paths=(usr/bin usr/sbin usr/lib/x86_64-linux-gnu usr/lib/llvm-14 usr/lib/clang usr/lib/gcc usr/lib/bfd-plugins
  usr/lib/compat-ld usr/lib/gold-ld usr/lib/apt usr/lib/dpkg usr/lib/locale usr/libexec usr/include usr/share/dotnet
  usr/share/perl5 usr/share/keyrings usr/share/ca-certificates usr/share/zoneinfo usr/share/dpkg usr/lib64
  etc var/lib/dpkg var/log/apt root/.nuget/packages bin lib lib64 sbin)
existing=()
for p in "${sdk_paths[@]}"; do [[ -e /$p ]] && existing+=("$p"); done
extra=$work/sdk-extra; rm -rf "$extra"; mkdir -p "$extra"/{tmp,var/tmp,var/lib/apt/lists/partial,var/cache/apt/archives/partial}
chmod 1777 "$extra/tmp" "$extra/var/tmp"
tar --numeric-owner --exclude=etc/docker --exclude=etc/shadow --exclude='etc/ssh/ssh_host_*' -cf - -C / "${existing[@]}" -C "$extra" tmp var/tmp var/lib/apt/lists/partial var/cache/apt/archives/partial \
  | "$docker" import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1' \
      - mcr.microsoft.com/dotnet/sdk:10.0 >/dev/null

# A root with the given host files (and the libraries they load), plus busybox.
copy_with_libs() { # ROOT FILE...
  local root=$1; shift
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"; cp -aL "$f" "$root$f"
    ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do mkdir -p "$root$(dirname "$lib")"; cp -aL "$lib" "$root$lib"; done
  done
}

deps=$work/runtime-deps; rm -rf "$deps"; mkdir -p "$deps"/{etc,tmp,usr/bin}
copy_with_libs "$deps" /bin/bash /bin/grep /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3 \
  /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 \
  /usr/lib/x86_64-linux-gnu/libm.so.6
cp -a /etc/ssl "$deps/etc/ssl"; chmod 1777 "$deps/tmp"
printf 'root:x:0:0:root:/root:/bin/bash\napp:x:1654:1654:app:/home/app:/bin/false\n' > "$deps/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' > "$deps/etc/group"
tar -C "$deps" --numeric-owner -cf - . | "$docker" import -c 'ENV APP_UID=1654' - mcr.microsoft.com/dotnet/runtime-deps:10.0 >/dev/null

component() { # IMAGE HOST_BINARY OFFICIAL_PATH DATA_DIR CMD_JSON [HOST_DIR_TO_COPY]
  local root=$work/$(echo "$1" | tr '/:' '__'); rm -rf "$root"; mkdir -p "$root"/{bin,etc,tmp,"$4"}
  copy_with_libs "$root" "$2"; mv "$root$2" "$root$3"
  if [[ -n ${6:-} && -d $6 ]]; then mkdir -p "$root$(dirname "$6")"; cp -aL "$6" "$root$6"; fi
  cp /bin/busybox "$root/bin/busybox"; for l in sh wget; do ln -s busybox "$root/bin/$l"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" --numeric-owner -cf - . | "$docker" import -c "ENTRYPOINT [\"$3\"]" -c "CMD $5" -c "WORKDIR /$4" - "$1" >/dev/null
}
mkdir -p "$work"
component "$prometheus_image" /usr/bin/prometheus /bin/prometheus prometheus '["--config.file=/etc/prometheus/prometheus.yml","--storage.tsdb.path=/prometheus"]' /usr/share/prometheus/web
# Debian's Alertmanager reads its default notification templates from /usr/share/prometheus/alertmanager.
component "$alertmanager_image" /usr/bin/prometheus-alertmanager /bin/alertmanager alertmanager '["--config.file=/etc/alertmanager/alertmanager.yml","--storage.path=/alertmanager"]' /usr/share/prometheus/alertmanager
component "$node_exporter_image" /usr/bin/prometheus-node-exporter /bin/node_exporter node_exporter '[]'
echo "stand-in images made: mcr.microsoft.com/dotnet/sdk:10.0 mcr.microsoft.com/dotnet/runtime-deps:10.0 $prometheus_image $alertmanager_image $node_exporter_image"
