#!/usr/bin/env bash
# Runs Redis in the foreground on 127.0.0.1:$REDIS_PORT with a password, its files in $REDIS_DATA.
# The lock store's locks live only while turns are processed, so nothing is written to disk.
set -euo pipefail
source "$(dirname "$0")/servers.sh"
: "${REDIS_DATA:?}" "${REDIS_PORT:?}" "${REDIS_PASSWORD:?}"
mkdir -p "$REDIS_DATA"
config="$REDIS_DATA/redis.conf"
# The password goes into a file readable only by us, not onto the command line where `ps` shows it.
(umask 077 && cat > "$config" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
dir $REDIS_DATA
save ""
appendonly no
daemonize no
logfile ""
CONF
)
exec "$redis_server" "$config"
