# Our Voice: `make run` builds and starts the demo; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# The variables cargo-leptos sets while it builds: tests built with the same
# ones reuse the release build instead of compiling Leptos again.
LEPTOS_BUILD_ENV := LEPTOS_OUTPUT_NAME=ourvoice LEPTOS_SITE_ROOT=target/site \
	LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 \
	LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=true \
	LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt

SITE := LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true OURVOICE_SYMBOLS=target/site/symbols

.PHONY: help run setup build test test-setup lint unit postgres e2e bench

help:
	@echo "make run   - install what is missing, build, start the demo on http://127.0.0.1:3000"
	@echo "make test  - install test tools, then format check, clippy, unit, integration, end-to-end"

run: setup build
	$(SITE) ./target/release/ourvoice serve --demo

setup:
	./scripts/setup.sh

# The site (front end, styles, symbols) is built again only when what it is
# made from changed, and precompressed file by file from a cache; the server
# through cargo with cargo-leptos's environment, so the build `make test`
# left is used as it is (scripts/check-features.py keeps the features equal).
SITE_INPUTS := Cargo.toml Cargo.lock $(shell find app style assets -type f 2>/dev/null)

target/site/.built: $(SITE_INPUTS)
	cargo leptos build --release --frontend-only --split
	node scripts/precompress.js target/site target/precompressed
	touch $@

build: target/site/.built
	$(LEPTOS_BUILD_ENV) cargo build --release -p ourvoice

test: test-setup lint build unit postgres e2e

test-setup:
	./scripts/setup.sh test

lint:
	cargo fmt --all -- --check
	python3 scripts/check-features.py
	cargo clippy --workspace --all-targets --release -- -D warnings
	cargo clippy -p app --target wasm32-unknown-unknown --features hydrate --release -- -D warnings

unit:
	$(LEPTOS_BUILD_ENV) cargo test --workspace --release

# The integration suite again, on PostgreSQL instead of SQLite.
postgres:
	$(LEPTOS_BUILD_ENV) ./scripts/test-postgres.sh --release

e2e:
	cd end2end && npx playwright test

bench:
	./scripts/setup.sh bench
	cargo bench -p ourvoice --bench symbol_search
	cargo build --release -p ourvoice
	./bench/photo.sh
	./bench/card.sh
	./bench/speech.sh
	$(MAKE) build
	node bench/tap-to-speech.js
	./bench/publish.sh
	./bench/publish-postgres.sh
	cargo test --release -p ourvoice --lib symbols::fit -- --nocapture
