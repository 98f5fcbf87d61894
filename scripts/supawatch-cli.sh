# Sourced by the seed's wrapper scripts: defines `supawatch`, the CLI they wrap.
# SUPAWATCH_BIN names the executable; else `supawatch` on PATH; else this checkout, through `dotnet run`.
supawatch() {
  if [ -n "${SUPAWATCH_BIN:-}" ]; then
    "$SUPAWATCH_BIN" "$@"
  elif command -v supawatch >/dev/null 2>&1; then
    command supawatch "$@"
  else
    local repo
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    dotnet run --project "$repo/src/Supawatch" -v q -- "$@"
  fi
}
