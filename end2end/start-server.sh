#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database with the demo data.
set -euo pipefail
port="$1"
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export OURVOICE_DATA="$data"
export OURVOICE_ADDR="127.0.0.1:${port}"
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_HASH_FILES=true
export OURVOICE_SYMBOLS=target/site/symbols
./target/release/ourvoice serve --demo
