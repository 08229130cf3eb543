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
started=$(date +%s%N)
LINLI_DATA_DIR=$data LINLI_BENCH=1 LINLI_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:$port ./target/release/linli serve &
server=$!
until curl -fs "$base/healthz" >/dev/null; do sleep 0.02; done
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))

curl -fs "$base/services" -o "$data/services.html"
curl -fs -X POST --data-binary @"$data/services.html" "$base/__bench/echo"

run() { # url -> "rps p99"
  wrk -t2 -c32 -d"${seconds}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {p=$2}
    END {print rps, p}'
}
read -r ssr_rps ssr_p99 < <(run "$base/services")
read -r mem_rps mem_p99 < <(run "$base/__bench/echo")
read -r home_rps home_p99 < <(run "$base/")
ratio=$(awk -v a="$ssr_rps" -v b="$mem_rps" 'BEGIN {printf "%.2f", a / b}')

br_bytes() { curl -fs -H 'Accept-Encoding: br' "$base$1" | wc -c; }
home=$(br_bytes /)
js=$(br_bytes /pkg/linli.js)
wasm=$(br_bytes /pkg/linli_bg.wasm)
css=$(br_bytes /pkg/linli.css)
raw_wasm=$(stat -c %s target/site/pkg/linli_bg.wasm)
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")

cat <<OUT
Linli bench ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk 2 threads × 32 connections, ${seconds}s each)
  SSR /services (catalogue, $(wc -c < "$data/services.html") bytes):  ${ssr_rps} req/s   p99 ${ssr_p99}
  same bytes from memory:                      ${mem_rps} req/s   p99 ${mem_p99}
  ratio SSR / memory:                          ${ratio}
  SSR / (home page):                           ${home_rps} req/s   p99 ${home_p99}
  start-up to first healthy answer:            ${startup_ms} ms (migrations and reference data checked)
  brotli bytes: home HTML ${home}, JS ${js}, wasm ${wasm} (raw ${raw_wasm}), CSS ${css}
  server peak memory (VmHWM): ${rss}
OUT
