# Sourced by the scripts: the tools setup.sh installed, first on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/tests/browser/node_modules/.bin:$HOME/.cargo/bin:$PATH"
