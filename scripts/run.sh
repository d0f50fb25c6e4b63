#!/usr/bin/env bash
# Starts the action server (5055) and Rasa (5005, REST and socket.io channels), and the Telegram
# front end where TELEGRAM_BOT_TOKEN is set; Ctrl-C or SIGTERM stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
bin=.venv/bin

pids=()
stop() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$bin/rasa" run actions --port "${ACTION_PORT:-5055}" &
pids+=($!)
"$bin/rasa" run --model models/current.tar.gz --port "${RASA_PORT:-5005}" \
  --credentials credentials.yml --endpoints endpoints.yml --cors "${RASA_CORS_ORIGINS:-*}" &
pids+=($!)
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  RASA_URL="${RASA_URL:-http://localhost:${RASA_PORT:-5005}}" "$bin/python" -m telegram_bridge &
  pids+=($!)
fi
echo "Assistant starting: REST http://localhost:${RASA_PORT:-5005}/webhooks/rest/webhook (Ctrl-C stops)"
# Whichever process ends first ends the whole set, so a crash is never hidden.
wait -n
