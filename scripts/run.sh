#!/usr/bin/env bash
# Starts the action server (5055), Rasa (5005, REST and socket.io channels), the careers page with
# the chat widget and the salary charts (web/, 8080), and the Telegram front end where
# TELEGRAM_BOT_TOKEN is set; Ctrl-C or SIGTERM stops them all.
# Everything listens on LISTEN_ADDRESS (default 127.0.0.1); secrets come from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
bin=.venv/bin
if [ -f .env ]; then set -a; . ./.env; set +a; fi
export LISTEN_ADDRESS="${LISTEN_ADDRESS:-127.0.0.1}"
# Secrets not set in .env are made up for this run (widget sessions then end with it).
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$("$bin/python" -c 'import secrets; print(secrets.token_hex(32))')}"
export SESSION_SECRET="${SESSION_SECRET:-$("$bin/python" -c 'import secrets; print(secrets.token_hex(32))')}"
# The page's address, the assistant's as the browser reaches it, and where replies link the charts.
export WEB_PORT="${WEB_PORT:-8080}"
export WEB_HOST="${WEB_HOST:-$LISTEN_ADDRESS}"
export WEB_ORIGINS="${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
export RASA_SOCKET_URL="${RASA_SOCKET_URL:-http://localhost:${RASA_PORT:-5005}}"
export CHART_BASE_URL="${CHART_BASE_URL:-http://localhost:$WEB_PORT}"
# Rasa's HTTP API (conversations, model) stays off unless asked for, and then requires a token.
api=()
if [ "${RASA_ENABLE_API:-false}" = "true" ]; then
  [ -n "${RASA_API_TOKEN:-}" ] || { echo "RASA_ENABLE_API=true needs RASA_API_TOKEN" >&2; exit 2; }
  api=(--enable-api --auth-token "$RASA_API_TOKEN")
fi

pids=()
stop() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$bin/python" -m assistant.action_server --port "${ACTION_PORT:-5055}" &
pids+=($!)
# Rasa through the start module, which installs the Rasa patches (rasa_patches/) first.
# No --cors: the socket.io channel answers CORS for WEB_ORIGINS itself (channels/socketio_origins.py),
# and Sanic-CORS would add a second Access-Control-Allow-Origin header, which browsers reject.
# RASA_ENDPOINTS names another endpoints file (`make bench` gives its run its own ports and tracker store).
"$bin/python" -m assistant.serve run --model models/current.tar.gz --interface "$LISTEN_ADDRESS" \
  --port "${RASA_PORT:-5005}" --credentials credentials.yml --endpoints "${RASA_ENDPOINTS:-endpoints.yml}" \
  "${api[@]}" &
pids+=($!)
"$bin/python" -m web &
pids+=($!)
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  RASA_URL="${RASA_URL:-http://127.0.0.1:${RASA_PORT:-5005}}" "$bin/python" -m telegram_bridge &
  pids+=($!)
fi
echo "Assistant starting: page http://localhost:$WEB_PORT, REST http://localhost:${RASA_PORT:-5005}/webhooks/rest/webhook (Ctrl-C stops)"
# Whichever process ends first ends the whole set, so a crash is never hidden.
wait -n
