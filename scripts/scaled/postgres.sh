#!/usr/bin/env bash
# Runs PostgreSQL in the foreground on 127.0.0.1:$DB_PORT (TCP only, password required) with its data in
# $PG_DATA. The first start creates the cluster, with $DB_USER as superuser, and the database $DB_DATABASE.
# SIGINT stops it at once (fast shutdown); SIGTERM would wait for Rasa's pooled connections to close.
set -euo pipefail
source "$(dirname "$0")/servers.sh"
: "${PG_DATA:?}" "${DB_PORT:?}" "${DB_USER:?}" "${DB_PASSWORD:?}" "${DB_DATABASE:?}"
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed: make install (Debian package postgresql)" >&2; exit 1; }
# PostgreSQL's programs look up the working directory, which may be closed to the postgres user.
PG_DATA="$(realpath -m "$PG_DATA")"
cd /

if [ ! -s "$PG_DATA/PG_VERSION" ]; then
  mkdir -p "$PG_DATA"
  chmod 700 "$PG_DATA"
  if [ ${#as_postgres[@]} -gt 0 ]; then
    chown postgres:postgres "$PG_DATA"
    "${as_postgres[@]}" test -w "$PG_DATA" || {
      echo "Debian's postgres user cannot reach $PG_DATA (a parent folder is closed to it);" \
           "set SCALED_DIR or PG_DATA to a folder it can reach, e.g. /var/tmp/scaled" >&2
      exit 1
    }
  fi
  password_file="$PG_DATA.password"
  (umask 077 && printf '%s\n' "$DB_PASSWORD" > "$password_file")
  [ ${#as_postgres[@]} -gt 0 ] && chown postgres "$password_file"
  "${as_postgres[@]}" "$pg_bin/initdb" --pgdata="$PG_DATA" --username="$DB_USER" --pwfile="$password_file" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$password_file"
  # Single-user mode runs as the cluster's superuser, without a server or a socket.
  echo "CREATE DATABASE \"$DB_DATABASE\";" | "${as_postgres[@]}" "$pg_bin/postgres" --single -D "$PG_DATA" postgres >/dev/null
fi

exec "${as_postgres[@]}" "$pg_bin/postgres" -D "$PG_DATA" -p "$DB_PORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200
