#!/usr/bin/env bash
# Benchmark (not a test): sizes of what a visitor downloads and time to the first complete map.
# Prints a table and writes bench-results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
node tests/browser/bench.mjs "$@"
