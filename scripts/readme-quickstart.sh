#!/usr/bin/env bash
# Runs the README's quick-start commands, as written there, in a fresh clone and checks that
# the app answers /healthz. The commands are read from the first ```sh block under
# "## Quick start"; a long-running last command (npm start) runs in the background.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t commands < <(awk '/^## Quick start/{q=1} q&&/^```sh/{b=1;next} b&&/^```/{exit} b&&NF' "$root/README.md")
[ "${#commands[@]}" -ge 2 ] || { echo "no quick-start commands found in README.md"; exit 1; }
printf 'quick start: %s\n' "${commands[@]}"

dir=$(mktemp -d)
trap 'kill -- -"$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
git clone -q "$root" "$dir/app"
cd "$dir/app"
port=$((20000 + RANDOM % 20000))
export PORT=$port
last=$((${#commands[@]} - 1))
for i in "${!commands[@]}"; do
  if [ "$i" -eq "$last" ]; then
    setsid bash -c "${commands[$i]}" >"$dir/app.log" 2>&1 &
    echo $! >"$dir/pid"
  else
    bash -c "${commands[$i]}"
  fi
done
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null); then
    echo "healthz: $body"
    [ "$body" = '{"status":"ok"}' ] && exit 0
  fi
  sleep 0.5
done
echo "the app did not answer /healthz; its log:"; tail -n 30 "$dir/app.log"; exit 1
