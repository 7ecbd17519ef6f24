#!/usr/bin/env bash
# Builds the viewer (release) and the server (profile `server`) and serves viewer and editor at
# http://127.0.0.1:8080 (override: ADDRESS=host:port) with the SQLite database in var/
# (created and seeded from data/ on first start; KAARTVIEWER_ADMIN_PASSWORD sets the first
# beheerder's password, else a one-time password is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
cargo build --profile server -p kaartviewer-server
mkdir -p var
exec target/server/kaartviewer-server serve --dist dist --address "${ADDRESS:-127.0.0.1:8080}" --database var/kaartviewer.sqlite
