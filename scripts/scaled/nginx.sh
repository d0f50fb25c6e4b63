#!/usr/bin/env bash
# Runs nginx in the foreground on 127.0.0.1:$SCALED_PORT in front of the Rasa servers on the ports listed
# in $RASA_PORTS (space-separated) and the careers page on $WEB_PORT; configuration, pid and temporary
# files in $NGINX_DIR, rendered from nginx.conf.template.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/servers.sh"
: "${NGINX_DIR:?}" "${SCALED_PORT:?}" "${RASA_PORTS:?}" "${WEB_PORT:?}"
mkdir -p "$NGINX_DIR"
servers=""
for port in $RASA_PORTS; do
  servers+="        server 127.0.0.1:$port;"$'\n'
done
servers="${servers%$'\n'}"
config="$NGINX_DIR/nginx.conf"
awk -v servers="$servers" -v dir="$NGINX_DIR" -v port="$SCALED_PORT" -v web="$WEB_PORT" '
  /^@RASA_SERVERS@$/ { print servers; next }
  { gsub(/@NGINX_DIR@/, dir); gsub(/@SCALED_PORT@/, port); gsub(/@WEB_PORT@/, web); print }
' "$here/nginx.conf.template" > "$config"
"$nginx_bin" -t -q -e stderr -p "$NGINX_DIR" -c "$config"
exec "$nginx_bin" -e stderr -p "$NGINX_DIR" -c "$config" -g "daemon off;"
