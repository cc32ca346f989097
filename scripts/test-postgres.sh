#!/usr/bin/env bash
# Runs the integration suite again on a throwaway PostgreSQL 15 cluster:
# every test server gets a database of its own on it. Extra arguments go to
# `cargo test` (for example --release).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/ourvoice-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap './scripts/postgres.sh stop "$dir"' EXIT
url=$(./scripts/postgres.sh start "$dir" "$port")
echo "==> The integration suite on PostgreSQL 15 ($url)"
# --workspace, as the unit step builds: the same features, so nothing
# compiles again.
OURVOICE_TEST_POSTGRES="$url" cargo test --workspace --test api "$@"
