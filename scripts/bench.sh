#!/usr/bin/env bash
# `cargo make bench`: one run prints requests/s of the SSR catalogue page and of a handler that
# returns the same bytes from memory on the same server (and their ratio), p99 latency, and the
# brotli bytes of the home page HTML, the JS and the wasm. Loopback, wrk, release build.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${LINLI_BENCH_PORT:-3200}
seconds=${LINLI_BENCH_SECONDS:-10}
data=$(mktemp -d)
base="http://127.0.0.1:$port"
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT

LINLI_DATA_DIR=$data ./target/release/linli seed-demo >/dev/null
serve() {
  LINLI_DATA_DIR=$data LINLI_BENCH=1 LINLI_RATE_LIMIT_SCALE=0 LINLI_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:$port ./target/release/linli serve &
  server=$!
  until curl -fs "$base/healthz" >/dev/null; do sleep 0.02; done
}
started=$(date +%s%N)
serve
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))

run() { # url [wrk options…] -> "rps p99"; a refused or failed request fails the bench
  local url=$1 out; shift
  # A slow page is measured, not failed: wrk's own 2 s timeout would count it as a socket error.
  out=$(wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency "$@" "$url")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "requests to $url failed:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p=$2} END {print rps, p}' <<<"$out"
}
# One row of the ratio table: a URL's throughput against the same bytes answered from memory by
# the same server through the same middleware (`/__bench/echo`), over the same 32 connections.
ratios=""
ratio_row() { # label url [wrk options…]
  local label=$1 url=$2 rps p99 mem_rps mem_p99 bytes; shift 2
  local curl_opts=(); [ "${1:-}" = -H ] && curl_opts=(-H "$2")
  curl -fs "${curl_opts[@]}" "$base$url" -o "$data/row.bytes"
  bytes=$(stat -c %s "$data/row.bytes")
  curl -fs -X POST --data-binary @"$data/row.bytes" "$base/__bench/echo"
  # Command substitution, not `< <(…)`: a failed run then stops the bench (set -e).
  local page mem; page=$(run "$base$url" "$@"); mem=$(run "$base/__bench/echo")
  read -r rps p99 <<<"$page"; read -r mem_rps mem_p99 <<<"$mem"
  ratios+=$(printf '  %-34s %9s B %10s req/s  p99 %-9s  memory %10s req/s  ratio %s' "$label" "$bytes" "$rps" "$p99" "$mem_rps" \
    "$(awk -v a="$rps" -v b="$mem_rps" 'BEGIN {printf "%.2f", a / b}')")$'\n'
}
ratio_row "SSR / (home)" /
ratio_row "SSR /services (catalogue)" /services
ratio_row "SSR /services?q=shebao (search)" "/services?q=shebao"
ratio_row "SSR /services/RS003 (a guide)" /services/RS003
ratio_row "static /pkg/linli.css" /pkg/linli.css
ratio_row "static /pkg/linli.js" /pkg/linli.js
ratio_row "static /pkg/linli_bg.wasm" /pkg/linli_bg.wasm
# No per-response stall: one keep-alive connection fetching the CSS over and over.
one_conn=$(wrk -t1 -c1 -d"${seconds}s" "$base/pkg/linli.css" | awk '/Requests\/sec/ {print $2}')

br_bytes() { curl -fs -H 'Accept-Encoding: br' "$base$1" | wc -c; }
home=$(br_bytes /)
js=$(br_bytes /pkg/linli.js)
wasm=$(br_bytes /pkg/linli_bg.wasm)
css=$(br_bytes /pkg/linli.css)
nav=$(br_bytes /nav.js)
raw_wasm=$(stat -c %s target/site/pkg/linli_bg.wasm)
# A later page reached by a link (nav.js): only its HTML travels; the bundle stays loaded.
second_bytes=$(curl -fs -H 'Accept-Encoding: br' -H 'X-Linli-Navigation: 1' "$base/services/RS003" | wc -c)
second_ms=$(curl -fs -o /dev/null -w '%{time_total}' -H 'Accept-Encoding: br' -H 'X-Linli-Navigation: 1' "$base/services/RS003" | awk '{printf "%.1f", $1 * 1000}')
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")

# Submitting an application with two 3 MB photos, as a signed-in resident (each request is a
# real submission: decoded, re-encoded with thumbnails, fsynced, committed).
cargo run -q --release -p linli-server --example bench_photo -- "$data/a.jpg" 3000000 1
cargo run -q --release -p linli-server --example bench_photo -- "$data/b.jpg" 3000000 2
cookie=$(curl -fs -o /dev/null -D - -H "Origin: $base" --data 'phone=13800000001&password=linli2026&next=%2Fme' "$base/login" \
  | tr -d '\r' | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); printf "%s; ", $2}')
boundary=linli-bench-boundary
{
  printf -- '--%s\r\nContent-Disposition: form-data; name="m_id_card"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n' $boundary
  cat "$data/a.jpg"
  printf -- '\r\n--%s\r\nContent-Disposition: form-data; name="m_photo"; filename="b.jpg"\r\nContent-Type: image/jpeg\r\n\r\n' $boundary
  cat "$data/b.jpg"
  printf -- '\r\n--%s--\r\n' $boundary
} > "$data/apply.body"
cat > "$data/apply.lua" <<LUA
wrk.method = "POST"
local f = io.open("$data/apply.body", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "multipart/form-data; boundary=$boundary"
wrk.headers["Origin"] = "$base"
wrk.headers["Cookie"] = "$cookie"
LUA
status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Origin: $base" -H "Cookie: $cookie" \
  -H "Content-Type: multipart/form-data; boundary=$boundary" --data-binary @"$data/apply.body" "$base/services/RS003/apply")
case "$status" in *"/receipt") ;; *) echo "the upload bench's submission was not accepted: $status"; exit 1 ;; esac
receipt=${status#* }
application_page=${receipt%/receipt}
file=$(curl -fs -H "Cookie: $cookie" "$application_page" | grep -o '/files/[0-9]*' | head -1)
[ -n "$file" ] || { echo "the bench application shows no files"; exit 1; }
ratio_row "a resident's photo (opened, sealed)" "$file" -H "Cookie: $cookie"
ratio_row "its thumbnail" "$file/thumb" -H "Cookie: $cookie"
# What sealing at rest adds: AES-256-GCM over one 3 MB photo, sealed and opened with the key.
read -r seal_us open_us field_seal_ns field_open_ns < <(curl -fs --data-binary @"$data/a.jpg" "$base/__bench/seal" \
  | sed -E 's/.*"field_open_ns":([0-9]+).*"field_seal_ns":([0-9]+).*"open_us":([0-9]+).*"seal_us":([0-9]+).*/\4 \3 \2 \1/'; echo)
# Public pages are held rendered (`page_cache`): for a signed-in reader too, shared where nothing
# on the page is theirs but the menu and tab bar (held by role and unread count), and for them
# alone where it shows their own things. A first view is drawn: the row marked drawn gives its
# cost (an address never asked before, each time). A search that finds nothing is counted for the
# reader's community each time its held page is handed out (one write each).
ratio_row "SSR /services, signed in (held)" /services -H "Cookie: $cookie"
ratio_row "SSR /services/RS003, signed in (held)" /services/RS003 -H "Cookie: $cookie"
ratio_row "SSR / (home), signed in (held for them)" / -H "Cookie: $cookie"
cat > "$data/first.lua" <<'LUA'
local id, n = 0, 0
function setup(thread) id = id + 1; thread:set("id", id) end
function request() n = n + 1; return wrk.format(nil, "/?first=" .. id .. "-" .. n) end
LUA
ratio_row "SSR / (home), signed in, first view (drawn)" "/?first=0" -H "Cookie: $cookie" -s "$data/first.lua"
ratio_row "SSR /services?q=shebao, signed in (held)" "/services?q=shebao" -H "Cookie: $cookie"
ratio_row "SSR /services?q=chongwu, none found, signed in (held, counted)" "/services?q=chongwu" -H "Cookie: $cookie"
me=$(run "$base/me" -H "Cookie: $cookie"); read -r me_rps me_p99 <<<"$me"
before=$(ls "$data/files" | wc -l)
wrk -t2 -c4 -d"${seconds}s" --latency -s "$data/apply.lua" "$base/services/RS003/apply" > "$data/apply.wrk"
# wrk counts only status codes, so the check that every request really stored an application is
# the count of new files (two photos and two thumbnails each).
if grep -q 'Non-2xx' "$data/apply.wrk"; then echo "some bench submissions were refused:"; cat "$data/apply.wrk"; exit 1; fi
read -r up_rps up_p99 < <(awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p=$2} END {print rps, p}' "$data/apply.wrk")
stored=$(( ($(ls "$data/files" | wc -l) - before) / 4 ))
up_rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
photo_bytes=$(( $(stat -c %s "$data/a.jpg") + $(stat -c %s "$data/b.jpg") ))

# The supervision board over a busy month, the public report list, and Open311's list (at most
# 1,000 requests per answer): a month of feedback is written straight into the database.
prev_month=$(date -u -d "$(date -u +%Y-%m-15) -1 month" +%Y-%m)
cargo run -q --release -p linli-server --example seed_feedback -- "$data/linli.db" "$prev_month" 3000
curl -fs "$base/board?month=$prev_month" | grep -q 'class="board"' || { echo "the board does not show the seeded month"; exit 1; }
ratio_row "board /board?month=$prev_month" "/board?month=$prev_month"
ratio_row "public reports /feedback" /feedback
open311_count=$(curl -fs "$base/open311/v2/requests.json" | grep -o '"service_request_id"' | wc -l)
o311=$(run "$base/open311/v2/requests.json" -c4); read -r o311_rps o311_p99 <<<"$o311"

# The marketplace with 10,000 listings (searched in pinyin too), and residents booking one slot
# all at once: its 50 places go, every later request is refused "full" (409), none is oversold.
read -r bench_listing bench_slot < <(cargo run -q --release -p linli-server --example seed_market -- "$data/linli.db" 10000)
curl -fs "$base/market?community=cy-xfl" | grep -q 'market-list' || { echo "the market page shows no listings"; exit 1; }
ratio_row "market /market (10,000 listings)" "/market?community=cy-xfl"
ratio_row "market search ?q=baojie (pinyin)" "/market?community=cy-xfl&q=baojie"
ratio_row "market search ?q=保洁" "/market?community=cy-xfl&q=%E4%BF%9D%E6%B4%81"
ratio_row "market search ?q=baojie, signed in (held)" "/market?community=cy-xfl&q=baojie" -H "Cookie: $cookie"
ratio_row "market search, own community, signed in (held for them)" "/market?q=baojie" -H "Cookie: $cookie"
cat > "$data/book.lua" <<LUA
wrk.method = "POST"
wrk.body = "slot=$bench_slot&address=No.1+Building+101&phone=13800000001"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$base"
wrk.headers["Cookie"] = "$cookie"
LUA
wrk -t2 -c32 -d"${seconds}s" --latency -s "$data/book.lua" "$base/market/$bench_listing/book" > "$data/book.wrk"
read -r book_rps book_p99 book_total < <(awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p=$2} /requests in/ {n=$1} END {print rps, p, n}' "$data/book.wrk")
booked=$(cargo run -q --release -p linli-server --example seed_market -- "$data/linli.db" count "$bench_listing")
[ "$booked" = 50 ] || { echo "the slot of 50 places holds $booked bookings"; exit 1; }

# 通知公告: one urgent notice to 20,000 residents of a district of its own (receipts, inbox lines
# and SMS written in batches of 500), and /notices for a resident with 1,000 notices.
ndata=$(mktemp -d)
LINLI_DATA_DIR=$ndata ./target/release/linli seed-demo >/dev/null
read -r publish_ms publish_kb publish_rows < <(cargo run -q --release -p linli-server --example bench_notices -- "$ndata/linli.db" publish 20000)
rm -rf "$ndata"
# The thousand notices are written with the server stopped: the seeding tool writes for longer
# than the 10 s a writer of the server busy-waits on SQLite's lock (its outbox lease then failed
# with "database is locked"), which no deployment does (one server owns a SQLite file).
kill "$server"; wait "$server" 2>/dev/null || true
cargo run -q --release -p linli-server --example bench_notices -- "$data/linli.db" many 1000
serve
curl -fs -H "Cookie: $cookie" "$base/notices" | grep -q '第 999 号通知' || { echo "/notices does not show the seeded notices"; exit 1; }
ratio_row "/notices (1,000 in the district)" /notices
ratio_row "/notices, a resident's district, signed in (held for them)" /notices -H "Cookie: $cookie"

cat <<OUT
Linli bench ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk 2 threads × 32 connections, ${seconds}s each)
Each page or file against the same bytes answered from memory by the same server (goal: pages ≥ 0.40,
static files and photos ≥ 0.80, market search ≥ 0.25):
${ratios}  one keep-alive connection, /pkg/linli.css over and over: ${one_conn} req/s (goal ≥ 2,000)
  start-up to first healthy answer:            ${startup_ms} ms (migrations and reference data checked)
  brotli bytes: home HTML ${home}, JS ${js}, wasm ${wasm} (raw ${raw_wasm}), CSS ${css}, nav.js ${nav}; first visit $((home + js + wasm + css + nav)) (goal < 90 KB)
  a later page by link (the guide, HTML only, brotli): ${second_bytes} bytes in ${second_ms} ms; no CSS, JS or wasm again
  server peak memory (VmHWM): ${rss}
  apply with two photos (${photo_bytes} bytes, 4 connections): ${up_rps} req/s   p99 ${up_p99}   (${stored} stored)   peak memory after: ${up_rss}
  sealing at rest, one 3 MB photo (AES-256-GCM): seal ${seal_us} µs, open ${open_us} µs
  sealing at rest, one personal field (a phone): seal ${field_seal_ns} ns, open ${field_open_ns} ns
  signed-in /me (session look-up opens the phone and ID number): ${me_rps} req/s   p99 ${me_p99}
  Open311 requests.json (${open311_count} requests, 4 connections): ${o311_rps} req/s   p99 ${o311_p99}   (goal ≥ 100)
  publish one urgent notice to 20,000 residents: ${publish_ms} ms, peak memory +${publish_kb} kB, ${publish_rows} residents addressed
  booking one slot, 32 at once (${book_total} requests, ${booked} booked = capacity, the rest 409): ${book_rps} req/s   p99 ${book_p99}
OUT
