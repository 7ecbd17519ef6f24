#!/usr/bin/env bash
# Installs what building, serving and testing the viewer need, skipping whatever is
# already present, so it is quick to run again. Debian with Rust (rustup), as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Debian packages: Chromium for the browser tests and benchmark; Node.js for Playwright and wasm-opt.
apt_needed=()
command -v chromium >/dev/null 2>&1 || apt_needed+=(chromium)
command -v npm >/dev/null 2>&1 || apt_needed+=(nodejs npm)
if [ ${#apt_needed[@]} -gt 0 ]; then
  say "installing ${apt_needed[*]} (apt)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_needed[@]}" >/dev/null
fi

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.21.14: the newest release that builds with this Rust (0.22 needs a newer rustc).
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.14$'; then
  say "installing trunk 0.21.14 (takes several minutes once)"
  cargo install trunk@0.21.14 --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. Installed without --locked
# on purpose: one of its locked dependencies is missing from the registry mirror.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg_version\$"; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install "wasm-bindgen-cli@$wbg_version"
fi

# Node packages (Playwright without its own browsers, and binaryen's wasm-opt: Debian's
# wasm-opt 108 breaks the app at start-up), pinned by package-lock.json.
lock_sum=$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)
stamp=tests/browser/node_modules/.installed-from
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing node packages for tests and wasm-opt"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$stamp"
fi
