#!/usr/bin/env bash
# Exits 0 when the scaled profile's servers (Debian's postgresql, redis-server, nginx) are installed.
source "$(dirname "$0")/servers.sh"
servers_installed
