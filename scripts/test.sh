#!/usr/bin/env bash
# Runs every test: native (domain, geometry, data tool) and the built app in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "== data build (boundaries, dataset, the server's bundle): the server's tests read them"
cargo run --release --quiet -p datatool -- boundaries
target/release/datatool build

echo "== native tests (cargo test)"
# The property tests of the parsers get a bounded budget: 4,000 cases each (seconds; GeoJSON,
# which repairs and snaps every case, about a minute).
PROPTEST_CASES="${PROPTEST_CASES:-4000}" cargo test --workspace --exclude kaartviewer

echo "== audit of the curated records against the GR-register (today's date)"
cargo run --release --quiet -p datatool -- audit

echo "== release build (trunk)"
trunk build --release --offline

echo "== the server the browser tests run against (profile server: release, unwinding)"
cargo build --profile server -p kaartviewer-server

echo "== browser tests (headless Chromium)"
cd tests/browser
node --test --test-concurrency=1 ./*.test.mjs
