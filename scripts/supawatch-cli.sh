# Sourced by the seed's wrapper scripts: defines `supawatch`, the CLI they wrap.
# SUPAWATCH_BIN names the executable; else a `supawatch` program on PATH; else this checkout, through `dotnet run`
# (which runs in the caller's folder, so ./data and ./monitoring are where the user stands).
supawatch() {
  local program
  if [ -n "${SUPAWATCH_BIN:-}" ]; then
    "$SUPAWATCH_BIN" "$@"
  # `type -P` looks at PATH only: `command -v` would find this very function, and `command supawatch` then fails.
  elif program=$(type -P supawatch); then
    "$program" "$@"
  else
    local repo
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    dotnet run --project "$repo/src/Supawatch" -v q -- "$@"
  fi
}
