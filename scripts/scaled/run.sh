#!/usr/bin/env bash
# `make run-scaled`: PostgreSQL, Redis, the action server, SCALE Rasa servers (default 2), the careers page
# and nginx in front of them on http://localhost:$SCALED_PORT (default 8000), all on loopback, with their
# data in build/scaled/ (SCALED_DIR). Settings: scripts/scaled/env.sh. Ctrl-C or SIGTERM stops them all.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RASA_TELEMETRY_ENABLED=false
bin=.venv/bin
source scripts/scaled/env.sh
source scripts/scaled/servers.sh
servers_installed || { echo "PostgreSQL, Redis or nginx is missing: run make install" >&2; exit 1; }

pids=()
postgres_pid=""
stop() {
  trap - INT TERM EXIT
  # PostgreSQL's fast shutdown is SIGINT; SIGTERM would wait for the Rasa servers' pooled connections.
  [ -n "$postgres_pid" ] && kill -INT "$postgres_pid" 2>/dev/null || true
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# Waits until `url` answers, or gives up when process `pid` has ended or after 300 s.
wait_for() {
  local url=$1 pid=$2
  for _ in $(seq 600); do
    "$bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "a server ended while starting ($url)" >&2; return 1; }
    sleep 0.5
  done
  echo "$url did not come up" >&2
  return 1
}

scripts/scaled/postgres.sh &
postgres_pid=$!
scripts/scaled/redis.sh &
pids+=($!)
# The shared secret between the Rasa servers and the action server (endpoints.scaled.yml sends it).
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$("$bin/python" -c 'import secrets; print(secrets.token_hex(32))')}"
# One key for the widget's session tokens on every Rasa server, so that any of them accepts a session.
export SESSION_SECRET="${SESSION_SECRET:-$("$bin/python" -c 'import secrets; print(secrets.token_hex(32))')}"
"$bin/python" -m assistant.action_server --port "$ACTION_PORT" &
pids+=($!)
"$bin/python" -m web --host 127.0.0.1 --port "$WEB_PORT" &
pids+=($!)

# The first Rasa server creates the tracker store's tables; the others start once it is up, so that
# no two create them at the same time.
rasa_ports=()
rasa_pids=()
for ((n = 0; n < SCALE; n++)); do
  port=$((RASA_BASE_PORT + n))
  # Through the start module, which installs the Rasa patches (rasa_patches/) first.
  "$bin/python" -m assistant.serve run --model models/current.tar.gz --interface 127.0.0.1 --port "$port" \
    --credentials credentials.yml --endpoints endpoints.scaled.yml &
  pids+=($!)
  rasa_pids+=($!)
  rasa_ports+=("$port")
  [ "$n" -eq 0 ] && wait_for "http://127.0.0.1:$port/" $!
done
RASA_PORTS="${rasa_ports[*]}" scripts/scaled/nginx.sh &
pids+=($!)
for ((n = 0; n < SCALE; n++)); do wait_for "http://127.0.0.1:${rasa_ports[n]}/" "${rasa_pids[n]}"; done
echo "Scaled assistant ($SCALE Rasa servers behind nginx): page http://localhost:$SCALED_PORT," \
     "REST http://localhost:$SCALED_PORT/webhooks/rest/webhook (Ctrl-C stops)"
# Whichever process ends first ends the whole set, so a crash is never hidden.
wait -n
