#!/usr/bin/env bash
# Checks the README's first command after a build: ./llmos answers a CLI command, then serves
# /health on a free port (from the unpacked jar, with the start-up cache on JDK 25+).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
version=$(./llmos --version 2>/dev/null)
case "$version" in
  LLMos*) ;;
  *) echo "smoke: ./llmos --version printed '$version'" >&2; exit 1 ;;
esac
[ -f target/app/llmos.jar ] || { echo "smoke: target/app/llmos.jar is missing (the jar was not unpacked)" >&2; exit 1; }
volumes=$(mktemp -d)
log="$volumes.log"
./llmos serve --port 0 --volumes "$volumes" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$volumes" "$log"' EXIT
healthy() ( # plain bash, so that the check needs no curl; a subshell, so a refused connection only ends it
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r _ status _ <&3 || status=""
  [ "$status" = 200 ]
)
for _ in $(seq 1 240); do
  port=$(grep -o 'started on port [0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' | head -1 || true)
  if [ -n "$port" ] && healthy "$port" 2>/dev/null; then
    echo "smoke: ./llmos serves /health on port $port ($version; start-up cache files: $(ls target/app/*.aot 2>/dev/null | wc -l | tr -d ' '))"
    exit 0
  fi
  if ! kill -0 $pid 2>/dev/null; then
    echo "smoke: ./llmos serve exited:" >&2; tail -20 "$log" >&2; exit 1
  fi
  sleep 0.5
done
echo "smoke: no answer from /health within 120 s:" >&2; tail -20 "$log" >&2
exit 1
