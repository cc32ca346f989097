#!/usr/bin/env bash
# 1,000 approved posts to the Mastodon peer (PyPI mastodon-mock) through one
# server on SQLite, then through two servers on one PostgreSQL 15 database
# (a throwaway cluster). Prints the table kept in docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test
dir=$(mktemp -d /tmp/ourvoice-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap './scripts/postgres.sh stop "$dir"' EXIT
url=$(./scripts/postgres.sh start "$dir" "$port")
OURVOICE_TEST_POSTGRES="$url" cargo test --release --test api \
  bench_publish::publishing_a_thousand_posts_through_two_servers_on_postgres \
  -- --ignored --nocapture --test-threads 1
