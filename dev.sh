#!/usr/bin/env bash
# The two README commands:  ./dev.sh start   and   ./dev.sh test
# Installs cargo-make if missing, then hands over to its tasks (see Makefile.toml).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo-make >/dev/null; then
  echo "[dev] installing cargo-make (about 4 minutes, once)"
  cargo install cargo-make --locked
fi
task=${1:-start}
shift || true
exec cargo make "$task" "$@"
