#!/usr/bin/env bash
# Builds the shipped form of Supawatch: the NativeAOT executable artifacts/native/supawatch, with the one
# native library it loads beside it (libe_sqlite3.so). Copy the folder; the .dbg file holds its debug symbols.
# Only the build goes in: files a development run left under src/Supawatch/ (data/, monitoring/) are no content of
# the project (EnableDefaultContentItems=false in Supawatch.csproj), so none is copied.
# Needs clang and zlib1g-dev besides the .NET SDK (scripts/install-test-deps.sh installs them).
# Why native: about 40 MB less resident than `dotnet supawatch.dll` at 1,000 instances (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/native}
for tool in clang objcopy; do
  command -v "$tool" >/dev/null || { echo "publish.sh: $tool is missing; apt-get install clang llvm zlib1g-dev (or run scripts/install-test-deps.sh)" >&2; exit 1; }
done
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
dotnet publish src/Supawatch -c Release -r "$rid" -nologo -v quiet -clp:ErrorsOnly -o "$out"
echo "publish.sh: $out/supawatch ($(du -h "$out/supawatch" | cut -f1))"
