#!/usr/bin/env bash
# The project's test command. Installs the test dependencies, builds the solution, runs every test
# project under tests/ (each writes a TRX file to artifacts/test-results) and ends with the line
# "N passed, N failed" (", N skipped" when some were). Exits non-zero if a test failed, a test run
# broke, or no test ran. Extra arguments go to every dotnet test, e.g. --filter "FullyQualifiedName~Podman".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
results=artifacts/test-results
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

bash scripts/install-test-deps.sh
dotnet build Supawatch.slnx
# The shipped NativeAOT binary, which NativeBinaryTests run (about 2-3 minutes on 2 cores).
bash scripts/publish.sh

# The fixtures put every server's files below this directory (see TempDirectory.cs); whatever a
# crashed test host leaves running there is stopped on the way out.
SUPAWATCH_TEST_RUN_DIR=$(mktemp -d /tmp/supawatch.XXXXXX)
export SUPAWATCH_TEST_RUN_DIR
chmod 755 "$SUPAWATCH_TEST_RUN_DIR" # initdb runs as postgres below it
trap 'bash scripts/cleanup-test-run.sh "$SUPAWATCH_TEST_RUN_DIR"' EXIT

rm -rf "$results"
mkdir -p "$results"
broken=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "==> dotnet test $name"
  # A hung test is killed (and reported) instead of eating CI's time limit. The longest test,
  # ImageAndComposeStackTests (docker build with a NativeAOT publish, then the compose stack), took 14.7 min on a
  # loaded 2-core machine: the limit leaves it room.
  if ! dotnet test "$project" --no-build \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
      --blame-hang-timeout 30m --blame-hang-dump-type none "$@"; then
    broken+=("$name")
  elif [ ! -f "$results/$name.trx" ]; then
    echo "test.sh: $name wrote no TRX file" >&2
    broken+=("$name")
  fi
done

bash scripts/cleanup-test-run.sh "$SUPAWATCH_TEST_RUN_DIR"
trap - EXIT
echo "test.sh: finished in $((SECONDS - started)) s; results in $results"
# Count outcomes from the TRX files; the summary line is the last thing printed.
/usr/bin/python3 - "$results" "${#broken[@]}" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET

results, broken = sys.argv[1], int(sys.argv[2])
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for path in sorted(glob.glob(f"{results}/*.trx")):
    for result in ET.parse(path).getroot().iter(f"{ns}UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1

if broken and failed == 0:
    print(f"test.sh: {broken} test run(s) broke (non-zero exit or no TRX) with no failed test recorded", file=sys.stderr)
if passed + failed == 0:
    print("test.sh: no test ran", file=sys.stderr)
sys.stdout.flush()
sys.stderr.flush()
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or broken or passed + failed == 0 else 0)
PY
