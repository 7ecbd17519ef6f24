#!/usr/bin/env bash
# Benchmark (not a test) of kaartviewer-server: requests per second with keep-alive for 1 and
# 200 clients (the page and the published dataset), and the latency of normal requests while
# 50 slowloris and 50 slow-reader connections are open. Prints a table and writes
# bench-results/server.json. Uses wrk (installed with apt-get when missing) and the built
# dist/ (built with trunk when missing). DURATION=10s per wrk run, ATTACK_SECONDS=15 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk > /dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk > /dev/null 2>&1 || { apt-get update > /dev/null && apt-get install -y wrk > /dev/null; }
fi
if [ ! -f dist/index.html ]; then
  scripts/setup.sh
  source scripts/env.sh
  trunk build --release --offline
fi
echo "== build of the server (profile server)"
cargo build --profile server -p kaartviewer-server
node scripts/bench-server.mjs
