# Sourced by the scripts in scripts/scaled/: where Debian puts the servers' binaries, and the
# command prefix that runs a server as Debian's postgres user when we are root (PostgreSQL refuses root).
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
redis_server="$(command -v redis-server || echo /usr/bin/redis-server)"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

# Succeeds when PostgreSQL, Redis and nginx are all installed.
servers_installed() {
  [ -n "$pg_bin" ] && [ -x "$pg_bin/postgres" ] && [ -x "$redis_server" ] && [ -x "$nginx_bin" ]
}
