#!/usr/bin/env bash
# Real-browser tests: builds the server, then Playwright starts it on a fresh SQLite data dir
# with demo data and drives Debian Chromium (headless, 390×844) with and without JavaScript.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p linli-server
cd end2end
exec npx playwright test "$@"
