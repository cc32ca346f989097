#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the test suite.
#   scripts/postgres.sh start DIR PORT   starts it and prints its URL
#   scripts/postgres.sh stop DIR         stops it and removes DIR
# The cluster trusts loopback connections and keeps nothing safe (fsync off):
# it is for tests only.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    chmod 777 "$dir"
    mkdir -p "$dir/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
    as_postgres "$PG_BIN/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 >/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/log" -w start \
      -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=$2
    [ -d "$dir/pg" ] && as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
