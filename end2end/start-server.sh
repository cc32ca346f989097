#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database with the demo data,
# and a Mastodon API peer (PyPI mastodon-mock) on the next port. The
# server's clock can be moved by writing milliseconds into the clock file.
set -euo pipefail
port="$1"
cd "$(dirname "$0")/.."
data=$(mktemp -d)
clock="${TMPDIR:-/tmp}/ourvoice-e2e-clock-${port}"
echo 0 > "$clock"
./tools/py/bin/mastodon_mock serve --in-memory --host 127.0.0.1 --port "$((port + 1))" \
  --log-level warning > "$data/mastodon.log" 2>&1 &
peer=$!
trap 'kill "$peer" 2>/dev/null; rm -rf "$data" "$clock"' EXIT
export OURVOICE_DATA="$data"
export OURVOICE_ADDR="127.0.0.1:${port}"
export OURVOICE_CLOCK_FILE="$clock"
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_HASH_FILES=true
export OURVOICE_SYMBOLS=target/site/symbols
./target/release/ourvoice serve --demo
