#!/usr/bin/env bash
# `cargo make seed-city`: Linli on a city's data, on each engine, and the p95 of the pages #19
# names. PostgreSQL gets 1,000,000 residents (5,000,000 applications, 2,000,000 feedback items,
# 200,000 orders over 10,000 listings) and SQLite a tenth, both over the demo district
# (`seed_market`, then `seed_city`: see that file). Then a server on each answers each page 50
# times in a row; the first answer is printed apart, since public pages are held rendered for
# anonymous readers and the board and the report list are kept once computed.
#
#   LINLI_CITY_RESIDENTS=20000   a smaller city (SQLite still gets a tenth)
#   LINLI_CITY_KEEP=1            keep the databases (target/city, database linli_city) afterwards,
#                                with the keys they were sealed with (target/city/keys.env)
#   LINLI_CITY_REUSE=1           measure the kept databases again (after a change), seeding nothing
set -euo pipefail
cd "$(dirname "$0")/.."
residents=${LINLI_CITY_RESIDENTS:-1000000}
profile=${LINLI_CITY_PROFILE:-release}
samples=${LINLI_CITY_SAMPLES:-50}
port=${LINLI_CITY_PORT:-3410}
pg_admin=${LINLI_CITY_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
root=target/city
base=http://127.0.0.1:$port
flag=(); [ "$profile" = release ] && flag=(--release)
cargo build -q "${flag[@]}" -p linli-server --bin linli --example seed_city --example seed_market
bin=target/$profile
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  if [ "${LINLI_CITY_KEEP:-0}" != 1 ]; then
    rm -rf "$root"
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS linli_city WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
# The tools and the server share one set of keys, given in the environment.
reuse=${LINLI_CITY_REUSE:-0}
if [ "$reuse" = 1 ]; then
  [ -f "$root/keys.env" ] || { echo "nothing kept to measure again: run with LINLI_CITY_KEEP=1 first"; exit 1; }
  # shellcheck disable=SC1091
  . "$root/keys.env"
  export LINLI_CITY_KEEP=1
else
  LINLI_INDEX_KEY=$(head -c 32 /dev/urandom | base64)
  LINLI_DATA_KEYS="1:$(head -c 32 /dev/urandom | base64)"
fi
export LINLI_INDEX_KEY LINLI_DATA_KEYS LINLI_RATE_LIMIT_SCALE=0 LINLI_LOG=warn LINLI_SECURE_COOKIES=0
export LEPTOS_SITE_ADDR=127.0.0.1:$port

p95() { # label path cookie goal-ms
  local first times=()
  first=$(curl -fs -o /dev/null -w '%{time_total}' -H "Cookie: $3" "$base$2") || { echo "$2 failed"; exit 1; }
  for _ in $(seq 1 "$samples"); do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Cookie: $3" "$base$2")") || { echo "$2 failed"; exit 1; }
  done
  local p
  p=$(printf '%s\n' "${times[@]}" | sort -n | awk -v n="$samples" 'NR == int(n * 0.95 + 0.999) {printf "%.1f", $1 * 1000}')
  printf '  %-46s p95 %7s ms   first %7.1f ms   (goal %s ms)\n' "$1" "$p" "$(awk -v t="$first" 'BEGIN {print t * 1000}')" "$4"
}

sign_in() { # phone -> cookie
  curl -fs -o /dev/null -D - -H "Origin: $base" --data "phone=$1&password=linli2026&next=%2Fme" "$base/login" \
    | tr -d '\r' | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); printf "%s; ", $2}'
}

# The demo's 人社 officer (人社 has the most services, so the longest queue), with the demo's
# published second-factor secret.
officer_cookie() {
  local first code second
  first=$(sign_in 13700000001)
  code=$(python3 -c '
import base64, hashlib, hmac, struct, time
d = hmac.new(base64.b32decode("LINLIDEMOLINLIDEMOLINLIDEMOLINLI"), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = d[-1] & 15
print("%06d" % ((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))')
  second=$(curl -fs -o /dev/null -D - -H "Origin: $base" -H "Cookie: $first" --data "code=$code&next=%2Fwork" "$base/login/totp" \
    | tr -d '\r' | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); printf "%s; ", $2}')
  echo "${second:-$first}"
}

city() { # engine residents database-url
  local engine=$1 people=$2
  export LINLI_DATA_DIR=$root/$engine/data
  if [ -n "$3" ]; then export DATABASE_URL=$3; else unset DATABASE_URL; fi
  local started=$SECONDS
  if [ "$reuse" = 1 ]; then
    "$bin/linli" migrate >/dev/null # a new index of the change under test, built before the clock runs
    # The last run's server is gone: its periodic jobs' leases go too, so this one sweeps now.
    if [ -n "$3" ]; then psql "$3" -qc "DELETE FROM job_leases" >/dev/null
    else python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM job_leases"); c.commit()' \
      "$LINLI_DATA_DIR/linli.db"; fi
  else
    rm -rf "$root/$engine" && mkdir -p "$LINLI_DATA_DIR"
    "$bin/linli" seed-demo >/dev/null
    "$bin/examples/seed_market" "${DATABASE_URL:-$LINLI_DATA_DIR/linli.db}" 10000 >/dev/null
    "$bin/examples/seed_city" "$people" | tee "$root/$engine/seed.log"
    [ "${LINLI_CITY_KEEP:-0}" = 1 ] && printf 'LINLI_INDEX_KEY=%q\nLINLI_DATA_KEYS=%q\n' "$LINLI_INDEX_KEY" "$LINLI_DATA_KEYS" >"$root/keys.env"
  fi
  local seeded=$((SECONDS - started))
  "$bin/linli" serve >"$root/$engine/server.log" 2>&1 &
  server=$!
  until curl -fs "$base/healthz" >/dev/null; do sleep 0.1; done
  # A server runs its periodic sweeps (deadlines, housekeeping) as it starts; on a city they read
  # millions of rows. The pages are measured after them, and what they took is printed.
  local waited=0
  until [ "$(curl -fs "$base/metrics" | grep -c '^linli_job_last_run_timestamp_seconds')" -ge 2 ]; do
    sleep 1; waited=$((waited + 1))
    [ "$waited" -lt 1800 ] || { echo "the start-up sweeps did not finish within 30 minutes"; exit 1; }
  done
  local sweeps
  sweeps=$(curl -fs "$base/metrics" | awk -F'[{}"]' '/^linli_job_duration_seconds_sum/ {printf "%s %.1f s, ", $3, $NF + 0}')
  local officer resident month
  officer=$(officer_cookie)
  resident=$(sign_in 15000000000)
  [ -n "$officer" ] && [ -n "$resident" ] || { echo "could not sign in on $engine"; exit 1; }
  month=$(date -u -d "$(date -u +%Y-%m-15) -1 month" +%Y-%m)
  local how="seeded in ${seeded} s"
  [ "$reuse" = 1 ] && how="kept from an earlier run, migrated in ${seeded} s"
  echo "Linli on a city, $engine: $people residents, $how ($(nproc) cores, $samples answers each, one at a time)"
  echo "  start-up sweeps: ${sweeps%, } (pages measured after them)"
  p95 "officer's queue /work" /work "$officer" 50
  p95 "a resident's /me/applications" /me/applications "$resident" 20
  p95 "board /board?month=$month" "/board?month=$month" "" 100
  p95 "catalogue search /services?q=社保" "/services?q=%E7%A4%BE%E4%BF%9D" "" 50
  p95 "market search /market?q=baojie" "/market?community=cy-xfl&q=baojie" "" 50
  # Anonymous pages are held rendered (`page_cache`): the first answer above is the drawn one.
  # A signed-in resident's page is drawn every time.
  p95 "catalogue search, signed in (drawn)" "/services?q=%E7%A4%BE%E4%BF%9D" "$resident" 50
  p95 "market search, signed in (drawn)" "/market?community=cy-xfl&q=baojie" "$resident" 50
  p95 "Open311 requests.json" /open311/v2/requests.json "" 200
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
}

if [ "$reuse" != 1 ]; then
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS linli_city WITH (FORCE)" >/dev/null 2>&1 || true
  psql "$pg_admin" -qc "CREATE DATABASE linli_city" >/dev/null
fi
city postgres "$residents" "${pg_admin%/*}/linli_city"
city sqlite $((residents / 10)) ""
