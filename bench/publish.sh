#!/usr/bin/env bash
# 1,000 approved posts to the Mastodon peer (PyPI mastodon-mock): the peer's
# own time (a plain client making the same requests) against our outbox.
# Prints the table kept in docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test
cargo test --release --test api bench_publish::publishing_a_thousand_posts -- --exact --ignored --nocapture --test-threads 1
