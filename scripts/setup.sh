#!/usr/bin/env bash
# Installs whatever this machine is missing to build, run and test Linli. Idempotent: a second
# run only checks. Needs: rustup/cargo, npm, pip, apt (Debian) for Chromium and brotli.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if ! command -v cargo-make >/dev/null; then
  say "installing cargo-make (about 4 minutes)"; cargo install cargo-make --locked
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v haproxy >/dev/null || need_apt+=(haproxy)
# Phones have Chinese fonts; the test browser needs one too, or text is measured as boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# A real S3 API for the object-storage tests (each test starts its own moto server).
if ! command -v moto_server >/dev/null; then
  say "installing moto's S3-compatible server from PyPI"
  python3 -m pip install -q "moto[server]==5.2.1"
fi

# The load runs: locust drives the scenario; s3s-fs keeps the cluster's materials.
command -v locust >/dev/null || { say "installing locust from PyPI"; python3 -m pip install -q "locust==2.47.0"; }
if ! command -v s3s-fs >/dev/null; then
  say "installing s3s-fs, an S3-compatible server on a directory (about 4 minutes)"
  cargo install s3s-fs --version 0.14.1 --features binary --locked
fi

# Playwright, axe-core, binaryen's wasm-opt (Debian's is too old for Rust's wasm) and esbuild (minifies
# the CSS and scripts a phone downloads).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/esbuild ] || [ ! -d end2end/node_modules/@playwright/test ] \
   || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund)
fi
say "all tools present"
