#!/usr/bin/env bash
# Checks the README's first command after a build: ./llmos answers a CLI command, then serves /health on a
# free port (from the unpacked jar, with the start-up cache on JDK 25+), and what it prints is what a
# newcomer should see: "LLMos is ready at http://127.0.0.1:PORT/" with the docs URL, and no warnings,
# errors or terminal colour codes on the way (also after a first chat, which wakes up skill retrieval).
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

# One HTTP/1.0 exchange in plain bash (no curl needed); prints the status code. A subshell, so a refused
# connection only ends it.
http() ( # port method path [json body]
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  if [ -n "${4:-}" ]; then
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' \
      "$2" "$3" "${#4}" "$4" >&3
  else
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" "$3" >&3
  fi
  read -r _ status _ <&3 || status=""
  cat <&3 >/dev/null || true
  echo "$status"
)
fail() { echo "smoke: $1; ./llmos printed:" >&2; cat "$log" >&2; exit 1; }

port=""
for _ in $(seq 1 240); do
  port=$(sed -n 's|.*LLMos is ready at http://127\.0\.0\.1:\([0-9]*\)/ .*|\1|p' "$log" | head -1)
  if [ -n "$port" ] && [ "$(http "$port" GET /health 2>/dev/null)" = 200 ]; then
    break
  fi
  port=""
  kill -0 $pid 2>/dev/null || fail "./llmos serve exited"
  sleep 0.5
done
[ -n "$port" ] || fail "no 'LLMos is ready at http://127.0.0.1:PORT/' with /health answering within 120 s"

grep -q "LLMos is ready at http://127.0.0.1:$port/ (API docs: http://127.0.0.1:$port/docs" "$log" \
  || fail "the ready line does not give the API docs URL"
[ "$(http "$port" GET /docs)" = 302 ] || [ "$(http "$port" GET /docs)" = 200 ] || fail "/docs does not answer"
[ "$(http "$port" POST /chat '{"user_id":"smoke","message":"Write a SQL query for the top customers"}')" = 200 ] \
  || fail "an offline chat did not answer 200"
sleep 1 # anything a first chat logs
if grep -n -E 'WARN|WARNING|ERROR|Exception' "$log" >&2; then fail "warnings or errors in a normal start (lines above)"; fi
if grep -n -P '\x1b' "$log" >&2; then fail "terminal control codes in the output (lines above)"; fi
lines=$(wc -l <"$log")
[ "$lines" -le 12 ] || fail "$lines lines for a normal start; keep it short"
echo "smoke: ./llmos serves /health on port $port ($version; start-up cache files: $(ls target/app/*.aot 2>/dev/null | wc -l | tr -d ' ')); it printed:"
sed 's/^/  | /' "$log"
