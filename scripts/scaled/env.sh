# Sourced by scripts/scaled/run.sh: the scaled profile's settings, each one taken from the environment
# where it is set. Secrets that are not set are generated once into $SCALED_DIR/secrets.env (mode 600).
SCALED_DIR="${SCALED_DIR:-$PWD/build/scaled}"
export SCALED_PORT="${SCALED_PORT:-8000}" SCALE="${SCALE:-2}"
export RASA_BASE_PORT="${RASA_BASE_PORT:-5010}" ACTION_PORT="${ACTION_PORT:-5056}" WEB_PORT="${WEB_PORT:-8081}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5433}" DB_USER="${DB_USER:-rasa}" DB_DATABASE="${DB_DATABASE:-rasa}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6380}" REDIS_DB="${REDIS_DB:-1}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"
export PG_DATA="${PG_DATA:-$SCALED_DIR/pg}" REDIS_DATA="${REDIS_DATA:-$SCALED_DIR/redis}" NGINX_DIR="${NGINX_DIR:-$SCALED_DIR/nginx}"
# Behind nginx every visitor comes from 127.0.0.1: the rate limits read the address nginx passes on.
export SANIC_REAL_IP_HEADER="${SANIC_REAL_IP_HEADER:-X-Real-IP}"
# The page, the widget's socket and the charts are all reached through nginx.
export WEB_ORIGINS="${WEB_ORIGINS:-http://localhost:$SCALED_PORT http://127.0.0.1:$SCALED_PORT}"
export RASA_SOCKET_URL="${RASA_SOCKET_URL:-http://localhost:$SCALED_PORT}"
export CHART_BASE_URL="${CHART_BASE_URL:-http://localhost:$SCALED_PORT}"

mkdir -p "$SCALED_DIR"
secrets="$SCALED_DIR/secrets.env"
if [ ! -s "$secrets" ]; then
  (umask 077 && printf 'DB_PASSWORD=%s\nREDIS_PASSWORD=%s\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 24)" > "$secrets")
fi
export DB_PASSWORD="${DB_PASSWORD:-$(sed -n 's/^DB_PASSWORD=//p' "$secrets")}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-$(sed -n 's/^REDIS_PASSWORD=//p' "$secrets")}"
