#!/usr/bin/env bash
# Builds the viewer (release) and serves it at http://127.0.0.1:8080 (override: ADDRESS=host:port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
exec target/release/datatool serve dist --address "${ADDRESS:-127.0.0.1:8080}"
