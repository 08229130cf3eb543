#!/usr/bin/env bash
# Unit and integration tests, each storage and router test once on SQLite and once on
# PostgreSQL (a throwaway database per test, dropped afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# A failing test's own message, not pages of backtrace, is what the CI log keeps.
export RUST_BACKTRACE=0
export LINLI_TEST_PG_ADMIN_URL=${LINLI_TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "[test] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

drop_test_databases() {
  psql "$LINLI_TEST_PG_ADMIN_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'linli_t_%'" |
    while read -r db; do psql "$LINLI_TEST_PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
}
trap drop_test_databases EXIT

# The app and server crates together (the wasm crate is built and exercised by test-e2e).
cargo test -p linli-app -p linli-server --no-run
# Generous ceiling (the tests take seconds) so a hang fails CI with a message, not a timeout.
timeout --foreground 900 cargo test -p linli-app -p linli-server
